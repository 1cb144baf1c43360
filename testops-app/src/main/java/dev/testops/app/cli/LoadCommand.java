package dev.testops.app.cli;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.Channel;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.sim.RunIds;
import dev.testops.load.K6Scenarios;
import dev.testops.load.K6WarmUp;
import dev.testops.load.LoadGenerator;
import dev.testops.load.LoadResult;
import dev.testops.load.Scenario;
import dev.testops.load.ScenarioLoader;
import dev.testops.load.k6.K6Driver;
import dev.testops.load.k6.K6RunResult;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code testops load}: load-test an engine served over HTTP with the built-in generator or k6.
 *
 * <p>Over 400 lines: most of it is picocli option declarations and their help text, which belong
 * with the command; the k6 path and the summary printing are the next to move out if it grows.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Load-test an engine over HTTP (see `testops engine serve`) with the built-in event-loop"
          + " generator: each VU is a SIM user; latency is measured from the intended send time.",
      "Writes reports/load/load-<id>.json (k6 summary-export shape). Exits 0 when every"
          + " threshold passed and requests were answered, 1 when one failed, 11 when the"
          + " generator itself was saturated and thresholds on latency could not be judged."
    })
final class LoadCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin HomeOption home = new HomeOption();

  @Option(names = "--target", required = true, paramLabel = "URL", description = "Engine URL.")
  URI target;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description = "Scenario from load/mock_scenarios.yaml (default: the file's default).")
  String scenario;

  @Option(names = "--vus", paramLabel = "N", description = "Closed model: N VUs (with --duration).")
  Integer vus;

  @Option(
      names = "--rate",
      paramLabel = "R/s",
      description = "Open model: R iterations per second (with --duration), e.g. 200/s.")
  String rate;

  @Option(names = "--duration", paramLabel = "D", description = "Duration, e.g. 30s or 1m30s.")
  String duration;

  @Option(
      names = "--max-vus",
      paramLabel = "N",
      description = "Open model: most VUs to allocate (default: 2 x rate, at most 10000).")
  Integer maxVus;

  @Option(
      names = "--threshold",
      paramLabel = "METRIC=EXPR",
      description = "k6 threshold, repeatable, e.g. http_req_duration=p(95)<500.")
  List<String> thresholds = new ArrayList<>();

  @Option(
      names = "--warmup",
      paramLabel = "D",
      description =
          "Warm-up before the measured window, at the starting rate or VUs; its results are"
              + " kept apart (JSON `warmup`), never in metrics or thresholds. Default: the"
              + " scenario's, 10s for --vus/--rate. 0 turns it off.")
  String warmup;

  @Option(
      names = "--think-time",
      paramLabel = "0s|sim|D",
      description =
          "Closed model: pause between a VU's iterations: 0s (the default with --vus), sim (each"
              + " SIM user's own think times, 2.5-4 s on average), or a duration such as 500ms."
              + " Default with --scenario: the scenario's thinkTime.")
  String thinkTime;

  @Option(names = "--seed", paramLabel = "S", description = "Dataset seed (default: from the id).")
  Long seed;

  @Option(names = "--json", description = "Print the summary (k6 summary-export shape) as JSON.")
  boolean json;

  @Option(
      names = "--driver",
      paramLabel = "DRIVER",
      defaultValue = "auto",
      description =
          "embedded (the built-in generator), k6 (k6 on the PATH runs an equivalent script), or"
              + " auto: k6 when it is on the PATH, else embedded (default: ${DEFAULT-VALUE}).")
  String driver;

  LoadCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ArtifactHome artifacts = home.resolve(context);
    Scenario chosen = scenario();
    String id = RunIds.next(context.clock(), context.entropy());
    long datasetSeed = seed != null ? seed : RunIds.seedFor(id);
    var profile = SimConfigLoader.load(artifacts.root()).profile(Optional.empty());
    Map<String, String> environment = environment();
    boolean useK6 =
        switch (driver) {
          case "k6" -> true;
          case "embedded" -> false;
          case "auto" -> K6Driver.find(environment).isPresent();
          default ->
              throw new TestOpsException.InvalidInput(
                  "--driver must be embedded, k6 or auto, was '" + driver + "'");
        };
    if (useK6) {
      return runK6(artifacts, chosen, id, profile, datasetSeed, environment);
    }
    PrintWriter err = spec.commandLine().getErr();
    if (!json) {
      err.println(describe(chosen));
    }
    LoadResult result = new LoadGenerator(target, profile, datasetSeed).run(chosen);
    var document = result.toJson();
    document.put("id", id);
    document.put("target", target.toString());
    Path report = artifacts.reports().resolve("load/load-" + id + ".json");
    artifacts.output().write(Channel.ARTIFACT, report, CanonicalJson.pretty(document));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CanonicalJson.line(document));
    } else {
      print(out, document, result, report);
    }
    out.flush();
    return switch (result.verdict()) {
      case "passed" -> ExitCodes.OK;
      case "inconclusive" -> ExitCodes.INCONCLUSIVE;
      default -> ExitCodes.CHECK_FAILED;
    };
  }

  /** One line before the run: the model, the warm-up and, for the closed model, the think time. */
  static String describe(Scenario s) {
    String warm =
        s.warmupMillis() == 0
            ? "no warm-up (--warmup 0)"
            : String.format(
                Locale.ROOT,
                "warm-up %s s at %s first, kept apart from the results (--warmup 0 turns it off)",
                decimal(s.warmupMillis() / 1000.0),
                s.executor().open()
                    ? decimal(s.warmupRatePerSecond()) + "/s"
                    : s.warmupVus() + " VUs");
    if (s.executor().open()) {
      return String.format(
          Locale.ROOT, "scenario %s: open model, %s; %s", s.name(), s.executor().k6Name(), warm);
    }
    String think =
        s.thinkTimeMillis() == Scenario.SIM_THINK_TIME
            ? "the SIM users' think times (sim)"
            : decimal(s.thinkTimeMillis() / 1000.0) + " s";
    return String.format(
        Locale.ROOT,
        "scenario %s: closed model, %d VUs at most, think time %s (--think-time); %s",
        s.name(),
        s.peakVus(),
        think,
        warm);
  }

  private static String decimal(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** Runs the scenario with k6 and reports its summary in the same shape. */
  private int runK6(
      ArtifactHome artifacts,
      Scenario chosen,
      String id,
      dev.testops.core.dataset.SimProfile profile,
      long datasetSeed,
      Map<String, String> environment) {
    var k6 = K6Driver.onPath(environment);
    var spec = K6Scenarios.of(chosen, target, profile, datasetSeed);
    PrintWriter err = spec().commandLine().getErr();
    var timeout = Duration.ofMillis(chosen.totalDurationMillis()).plusMinutes(5);
    Consumer<String> k6Log =
        line -> {
          if (!json) {
            err.println("k6: " + line);
          }
        };
    Optional<ObjectNode> warmup =
        K6WarmUp.run(k6, chosen, target, profile, datasetSeed, artifacts.root(), k6Log);
    var run = k6.run(spec, artifacts.root(), timeout, k6Log);
    ObjectNode document = run.summary().toJson();
    document.put("id", id);
    document.put("target", target.toString());
    document.put("driver", "k6");
    document.put("k6_exit_code", run.exitCode());
    document.set("threshold_results", run.summary().thresholdsJson());
    warmup.ifPresent(w -> document.set("warmup", w));
    Path report = artifacts.reports().resolve("load/load-" + id + ".json");
    artifacts.output().write(Channel.ARTIFACT, report, CanonicalJson.pretty(document));
    PrintWriter out = spec().commandLine().getOut();
    boolean passed = run.outcome() == K6RunResult.Outcome.PASSED;
    if (json) {
      out.println(CanonicalJson.line(document));
    } else {
      for (var threshold : run.summary().thresholds()) {
        out.printf(
            Locale.ROOT,
            "threshold %s %s: %s%n",
            threshold.metric(),
            threshold.expression(),
            threshold.ok() ? "ok" : "FAILED");
      }
      out.println(passed ? "PASSED" : "FAILED (k6 exit " + run.exitCode() + ": thresholds failed)");
      out.println("report: " + report);
    }
    out.flush();
    return passed ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }

  private picocli.CommandLine.Model.CommandSpec spec() {
    return spec;
  }

  /** What k6 may see of the environment: where to find programs and its home. */
  private Map<String, String> environment() {
    Map<String, String> environment = new java.util.TreeMap<>();
    for (String name : List.of("PATH", "HOME")) {
      String value = context.env().apply(name);
      if (value != null) {
        environment.put(name, value);
      }
    }
    return environment;
  }

  private Scenario scenario() {
    boolean adHoc = vus != null || rate != null;
    if (adHoc && scenario != null) {
      throw new TestOpsException.InvalidInput("give --scenario or --vus/--rate, not both");
    }
    if (vus != null && rate != null) {
      throw new TestOpsException.InvalidInput(
          "give --vus (closed model) or --rate (open), not both");
    }
    Scenario chosen;
    if (adHoc) {
      if (duration == null) {
        throw new TestOpsException.InvalidInput("--vus and --rate need --duration, e.g. 30s");
      }
      long millis = durationMillis("--duration", duration);
      if (vus != null) {
        // k6 reads --vus as "no pause unless I say so": the SIM's think times only on request.
        chosen = Scenario.constantVus("cli", vus, millis).withThinkTimeMillis(0);
      } else {
        double perSecond = parseRate(rate);
        int most =
            maxVus != null ? maxVus : (int) Math.min(Scenario.MAX_VUS, Math.ceil(perSecond * 2));
        chosen =
            Scenario.constantArrivalRate(
                "cli",
                perSecond,
                millis,
                Math.max(1, Math.min(most, (int) Math.ceil(perSecond))),
                most);
      }
      chosen = chosen.withWarmupMillis(Scenario.DEFAULT_WARMUP_MILLIS);
    } else {
      chosen =
          ScenarioLoader.load(home.resolve(context).root()).scenario(Optional.ofNullable(scenario));
    }
    if (warmup != null) {
      chosen = chosen.withWarmupMillis(durationMillis("--warmup", warmup));
    }
    if (thinkTime != null) {
      if (chosen.executor().open()) {
        throw new TestOpsException.InvalidInput(
            "--think-time applies to the closed model (--vus, or a constant-vus or ramping-vus"
                + " scenario); scenario '"
                + chosen.name()
                + "' is open (arrival rate)");
      }
      chosen =
          chosen.withThinkTimeMillis(
              thinkTime.equals("sim")
                  ? Scenario.SIM_THINK_TIME
                  : durationMillis("--think-time", thinkTime));
    }
    if (!thresholds.isEmpty()) {
      Map<String, List<String>> map = new LinkedHashMap<>(chosen.thresholds());
      for (String pair : thresholds) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new TestOpsException.InvalidInput(
              "--threshold must be METRIC=EXPR, e.g. http_req_duration=p(95)<500, was '"
                  + pair
                  + "'");
        }
        map.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>())
            .add(pair.substring(eq + 1));
      }
      chosen = chosen.withThresholds(map);
    }
    return chosen;
  }

  private static long durationMillis(String option, String text) {
    try {
      return ScenarioLoader.millis(text);
    } catch (IllegalArgumentException e) {
      throw new TestOpsException.InvalidInput(option + ": " + e.getMessage());
    }
  }

  private static double parseRate(String text) {
    String number = text.endsWith("/s") ? text.substring(0, text.length() - 2) : text;
    try {
      double value = Double.parseDouble(number);
      if (!(value > 0)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new TestOpsException.InvalidInput(
          "--rate must be a positive number per second, e.g. 200/s, was '" + text + "'");
    }
  }

  private static void print(PrintWriter out, JsonNode doc, LoadResult result, Path report) {
    JsonNode metrics = doc.path("metrics");
    JsonNode duration = metrics.path("http_req_duration");
    out.printf(
        Locale.ROOT,
        "scenario %s against %s%n",
        doc.path("scenario").path("name").asString("-"),
        doc.path("target").asString());
    if (result.scenario().executor().open()) {
      out.printf(
          Locale.ROOT,
          "requests: %d (%s/s achieved of %s/s offered), dropped iterations: %d%n",
          metrics.path("http_reqs").path("count").asLong(),
          text(doc.path("achieved_rate")),
          text(doc.path("offered_rate")),
          metrics.path("dropped_iterations").path("count").asLong());
    } else {
      out.printf(
          Locale.ROOT,
          "requests: %d (%s/s achieved; closed model: %d VUs at most, no offered rate)%n",
          metrics.path("http_reqs").path("count").asLong(),
          text(doc.path("achieved_rate")),
          result.maxVus());
    }
    JsonNode warm = doc.path("warmup");
    if (warm.isObject()) {
      out.printf(
          Locale.ROOT,
          "warm-up: %s s before the measured window, %d requests, p(99) %s ms, schedule lag"
              + " p(99) %s ms (kept apart: not in the figures or thresholds below)%n",
          text(warm.path("duration_s")),
          warm.path("requests").asLong(),
          text(warm.path("http_req_duration").path("p(99)")),
          text(warm.path("schedule_lag").path("p(99)")));
    } else {
      out.println("warm-up: none (--warmup 0): the figures include the JIT warm-up of both sides");
    }
    out.printf(
        Locale.ROOT,
        "http_req_duration ms (from intended send): med %s  p(90) %s  p(95) %s  p(99) %s  max %s%n",
        text(duration.path("med")),
        text(duration.path("p(90)")),
        text(duration.path("p(95)")),
        text(duration.path("p(99)")),
        text(duration.path("max")));
    out.printf(
        Locale.ROOT,
        "http_req_failed: %s   checks: %s%n",
        text(metrics.path("http_req_failed").path("value")),
        text(metrics.path("checks").path("value")));
    JsonNode generator = doc.path("generator");
    out.printf(
        Locale.ROOT,
        "generator: %s (dispatch lag p(99) %s ms, busiest event loop CPU %s, process CPU %s of"
            + " %d cores)%n",
        result.generator().saturated() ? "SATURATED" : "kept up",
        text(generator.path("dispatch_lag_p99_ms")),
        text(generator.path("busiest_loop_cpu")),
        text(generator.path("process_cpu")),
        result.generator().cores());
    for (String failure : result.failures()) {
      out.println("FAILED: " + failure);
    }
    for (String reason : result.inconclusive()) {
      out.println("INCONCLUSIVE: " + reason);
    }
    out.println(result.verdict().toUpperCase(Locale.ROOT));
    out.println("report: " + report);
  }

  private static String text(JsonNode number) {
    return number.isNumber() ? number.decimalValue().toPlainString() : "-";
  }
}
