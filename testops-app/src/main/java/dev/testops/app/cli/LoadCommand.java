package dev.testops.app.cli;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.AtomicFiles;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.sim.RunIds;
import dev.testops.load.K6Scenarios;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code testops load}: load-test an engine served over HTTP with the built-in generator. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Load-test an engine over HTTP (see `testops engine serve`) with the built-in event-loop"
          + " generator: each VU is a SIM user; latency is measured from the intended send time.",
      "Writes reports/load/load-<id>.json (k6 summary-export shape). Exits 0 when every"
          + " threshold passed and requests were answered, 1 otherwise."
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
    LoadResult result = new LoadGenerator(target, profile, datasetSeed).run(chosen);
    var document = result.toJson();
    document.put("id", id);
    document.put("target", target.toString());
    Path report = artifacts.reports().resolve("load/load-" + id + ".json");
    AtomicFiles.write(report, CanonicalJson.pretty(document));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CanonicalJson.line(document));
    } else {
      print(out, document, result, report);
    }
    out.flush();
    return result.passed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
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
    var run =
        k6.run(
            spec,
            artifacts.root(),
            timeout,
            line -> {
              if (!json) {
                err.println("k6: " + line);
              }
            });
    ObjectNode document = run.summary().toJson();
    document.put("id", id);
    document.put("target", target.toString());
    document.put("driver", "k6");
    document.put("k6_exit_code", run.exitCode());
    document.set("threshold_results", run.summary().thresholdsJson());
    Path report = artifacts.reports().resolve("load/load-" + id + ".json");
    AtomicFiles.write(report, CanonicalJson.pretty(document));
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
      long millis = ScenarioLoader.millis(duration);
      if (vus != null) {
        chosen = Scenario.constantVus("cli", vus, millis);
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
    } else {
      chosen =
          ScenarioLoader.load(home.resolve(context).root()).scenario(Optional.ofNullable(scenario));
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
    out.printf(
        Locale.ROOT,
        "requests: %d (%s/s achieved of %s/s offered), dropped iterations: %d%n",
        metrics.path("http_reqs").path("count").asLong(),
        text(doc.path("achieved_rate")),
        text(doc.path("offered_rate")),
        metrics.path("dropped_iterations").path("count").asLong());
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
    for (String failure : result.failures()) {
      out.println("FAILED: " + failure);
    }
    out.println(result.passed() ? "PASSED" : "FAILED");
    out.println("report: " + report);
  }

  private static String text(JsonNode number) {
    return number.isNumber() ? number.decimalValue().toPlainString() : "-";
  }
}
