package dev.testops.app.cli;

import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.Channel;
import dev.testops.core.report.JUnitXml;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunEvent;
import dev.testops.core.run.RunStatus;
import dev.testops.core.run.Submission;
import dev.testops.core.sim.SimSeed;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code testops run}: run a suite in-process, with live events, and exit with its verdict. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a suite in this process through the same orchestration and history store as the"
          + " server (data/tests_master.db under the home), printing its events as they happen.",
      "Exits 0 when the run passed, 1 when a phase failed, 9 when a phase errored."
    })
final class RunCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin HomeOption home = new HomeOption();

  @Option(
      names = "--suite",
      paramLabel = "NAME",
      defaultValue = "full",
      description =
          "Suite: full, regression_core, smoke, or config/suites/<NAME>.yaml"
              + " (default: ${DEFAULT-VALUE}).")
  String suite;

  @Option(names = "--users", paramLabel = "N", description = "Synthetic users (default: suite's).")
  Integer users;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description =
          "Seed. Default: $SIM_SEED, else the suite's, else config's, else derived from the run"
              + " id.")
  Long seed;

  @Option(names = "--profile", paramLabel = "NAME", description = "Dataset profile.")
  String profile;

  @Option(names = "--engine", paramLabel = "ID", description = "Engine (default: toron-v2.5h+).")
  String engine;

  @Option(names = "--engine-option", paramLabel = "KEY=VALUE", description = "Engine option.")
  List<String> engineOptions = new ArrayList<>();

  @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML for CI here.")
  Path junit;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: cores).")
  Integer threads;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    ArtifactHome artifacts = home.resolve(context);
    PrintWriter out = spec.commandLine().getOut();
    try (var testops =
        context.testops(
            artifacts, threads != null ? threads : Runtime.getRuntime().availableProcessors())) {
      var service = testops.runs();
      var request =
          service.resolve(
              new Submission(
                  Optional.of(suite),
                  Optional.empty(),
                  Optional.ofNullable(profile),
                  Optional.ofNullable(users),
                  seed == null ? OptionalLong.empty() : OptionalLong.of(seed),
                  SimSeed.FLAG,
                  Optional.ofNullable(engine),
                  EngineOptionsParser.parse(engineOptions).values()));
      var printer = new EventPrinter(out);
      Run run = service.runInProcess(request, printer::print);
      // A passed run with a reason passed with a warning (e.g. a replay that drifted within its
      // floor): it is never printed as a plain pass.
      boolean warned = run.status() == RunStatus.PASSED && run.reason() != null;
      out.printf(
          java.util.Locale.ROOT,
          "run %s %s%s%n",
          run.id(),
          run.status().wireName().toUpperCase(java.util.Locale.ROOT),
          run.reason() == null
              ? ""
              : warned ? " WITH WARNINGS: " + run.reason() : " (" + run.reason() + ")");
      if (junit != null) {
        artifacts.output().write(Channel.REPORT, junit, JUnitXml.render(run));
        out.println("junit: " + junit);
      }
      out.flush();
      return exitCode(run.status());
    }
  }

  static int exitCode(RunStatus status) {
    return switch (status) {
      case PASSED -> ExitCodes.OK;
      case FAILED -> ExitCodes.CHECK_FAILED;
      case CANCELLED -> ExitCodes.CANCELLED;
      default -> ExitCodes.RUN_ERROR;
    };
  }

  /** Prints events as one line each; progress only every 10 %. */
  private static final class EventPrinter {
    private final PrintWriter out;
    private int lastTenth = -1;

    EventPrinter(PrintWriter out) {
      this.out = out;
    }

    void print(RunEvent event) {
      JsonNode data =
          dev.testops.core.canonical.CanonicalJson.parse(
              event.data().getBytes(StandardCharsets.UTF_8), "event");
      String line =
          switch (event.type()) {
            case "run" -> "run " + data.path("status").asString() + reason(data);
            case "phase" -> {
              lastTenth = -1;
              yield "["
                  + data.path("phase").asString()
                  + "] "
                  + data.path("status").asString()
                  + (data.has("message") ? ": " + data.path("message").asString() : "");
            }
            case "log" ->
                "["
                    + data.path("phase").asString()
                    + "] "
                    + data.path("level").asString()
                    + " "
                    + data.path("message").asString();
            case "progress" -> {
              int tenth = data.path("phase_progress").asInt() / 10;
              if (tenth == lastTenth) {
                yield null;
              }
              lastTenth = tenth;
              yield "["
                  + data.path("phase").asString()
                  + "] "
                  + tenth * 10
                  + "% (run "
                  + data.path("progress").asInt()
                  + "%)";
            }
            case "artifact" ->
                "artifact " + data.path("kind").asString() + " " + data.path("path").asString();
            default -> null;
          };
      if (line != null) {
        out.printf(java.util.Locale.ROOT, "%5d %s%n", event.seq(), line);
        out.flush();
      }
    }

    private static String reason(JsonNode data) {
      return data.has("reason") ? " (" + data.path("reason").asString() + ")" : "";
    }
  }
}
