package dev.testops.app.cli;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.Channel;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.engines.EngineOptionsJson;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.replay.Replay;
import dev.testops.core.sim.RunIds;
import dev.testops.core.sim.SimProgress;
import dev.testops.core.sim.Simulation;
import dev.testops.core.snapshot.Snapshot;
import dev.testops.core.snapshot.SnapshotFormat;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code testops replay}: re-run a snapshot and score its determinism. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a snapshot offline: regenerate its dataset from the snapshot alone, run the engine"
          + " again and compare every record byte for byte.",
      "Writes reports/determinism.json. The verdict: IDENTICAL (every record matches), DRIFT"
          + " WITHIN FLOOR (some differ, score >= --floor: exit 0, with a warning) or DRIFT"
          + " (below --floor: exit 1).",
      "The engine runs with the options the run recorded (environment and defaults included);"
          + " --engine-option overrides one, and the output lists every option that differs."
    })
final class ReplayCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin HomeOption home = new HomeOption();

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--run-id", paramLabel = "ID", description = "Replay snapshots/run-<ID>.json.")
    String runId;

    @Option(names = "--snapshot", paramLabel = "FILE", description = "Replay this snapshot file.")
    Path file;
  }

  @Option(
      names = "--offline",
      description =
          "Replay from the snapshot alone, with no network (replay is always offline; the flag"
              + " is accepted for the documented command line).")
  boolean offline;

  @Option(
      names = "--floor",
      paramLabel = "SCORE",
      defaultValue = "90",
      description = "Drift floor in [0, 100] (default: ${DEFAULT-VALUE}; the release gate is 98).")
  BigDecimal floor;

  @Option(names = "--engine", paramLabel = "ID", description = "Engine (default: the snapshot's).")
  String engine;

  @Option(
      names = "--engine-option",
      paramLabel = "KEY=VALUE",
      description = "Engine option, overriding the recorded one (repeatable).")
  List<String> engineOptions = new ArrayList<>();

  @Option(
      names = "--show",
      paramLabel = "N",
      defaultValue = "5",
      description = "Diverging records to show in full (default: ${DEFAULT-VALUE}).")
  int show;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: cores).")
  Integer threads;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      description =
          "Most requests in flight at once to an engine over HTTP, in [1, 10000] (default: config"
              + " max_in_flight, 10000).")
  Integer maxInFlight;

  @Option(names = "--json", description = "Print the determinism result as one JSON object.")
  boolean json;

  ReplayCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ArtifactHome artifacts = home.resolve(context);
    Path file =
        source.file != null ? source.file : artifacts.snapshot(RunIds.requireValid(source.runId));
    Snapshot snapshot = SnapshotFormat.read(file);
    int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    var options =
        new Replay.Options(
            Optional.ofNullable(engine),
            EngineOptionsParser.parse(engineOptions),
            floor,
            show,
            workers,
            maxInFlight(SimConfigLoader.load(artifacts.root()).maxInFlight()));
    SimProgress progress =
        context.terminal() && !json
            ? new ProgressBar(spec.commandLine().getErr(), context.nanoTime(), "REPLAY")
            : SimProgress.NONE;
    ObjectNode result =
        new Replay(EngineRegistry.discover(artifacts.engines()).withEnvironment(context.env()))
            .run(snapshot, options, progress);
    result.set("trigger", Triggers.cli(context, spec).toJson());
    Path report = artifacts.reports().resolve("determinism.json");
    artifacts.output().write(Channel.ARTIFACT, report, CanonicalJson.pretty(result));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CanonicalJson.line(result));
    } else {
      print(out, result, report);
    }
    out.flush();
    return result.path("passed").asBoolean() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }

  private static void print(PrintWriter out, JsonNode result, Path report) {
    JsonNode records = result.path("records");
    // The verdict first, then what the replay ran with when it is not what the run recorded.
    out.println(result.path("headline").asString());
    JsonNode differences = result.path("option_differences");
    if (!differences.isEmpty()) {
      out.println("engine options differ from the ones the run recorded:");
      for (JsonNode d : differences) {
        out.printf(
            Locale.ROOT,
            "  %s: recorded %s, replayed with %s%n",
            d.path("option").asString(),
            valueAndSource(d.path("recorded"), d.path("recorded_source")),
            valueAndSource(d.path("used"), d.path("used_source")));
      }
    }
    out.printf(
        Locale.ROOT,
        "replay of run %s with %s %s%n",
        result.path("run_id").asString(),
        result.path("engine").path("id").asString(),
        result.path("engine").path("version").asString());
    if (!result
        .path("engine")
        .path("version")
        .asString()
        .equals(result.path("engine").path("snapshot_version").asString())) {
      out.printf(
          Locale.ROOT,
          "note: the snapshot was made with version %s%n",
          result.path("engine").path("snapshot_version").asString());
    }
    JsonNode engine = result.path("engine");
    out.println(
        differences.isEmpty()
            ? "engine options: as the run recorded them, "
                + EngineOptionsJson.describe(
                    EngineOptionsJson.fromJson(engine.path("recorded_options"), "replay result"))
            : "engine options: "
                + EngineOptionsJson.describe(
                    EngineOptionsJson.fromJson(engine.path("effective_options"), "replay result")));
    out.printf(
        Locale.ROOT,
        "records: %d, matching %d, differing %d%n",
        records.path("total").asLong(),
        records.path("matching").asLong(),
        records.path("differing").asLong());
    out.printf(
        Locale.ROOT,
        "dataset: %s; metrics: %s%n",
        result.path("dataset_matches").asBoolean() ? "identical" : "DIFFERS",
        result.path("metrics_match").asBoolean() ? "identical" : "DIFFER");
    out.printf(
        Locale.ROOT,
        "determinism_score: %s (floor %s) %s%n",
        result.path("determinism_score").decimalValue().toPlainString(),
        result.path("floor").decimalValue().toPlainString(),
        result.path("verdict").asString());
    for (JsonNode divergence : result.path("first_divergences")) {
      out.printf(Locale.ROOT, "diverging record #%d%n", divergence.path("index").asLong());
      out.println("  expected: " + CanonicalJson.line(divergence.path("expected")));
      out.println("  actual:   " + CanonicalJson.line(divergence.path("actual")));
    }
    out.println("report: " + report);
  }

  private int maxInFlight(int configured) {
    int n = maxInFlight != null ? maxInFlight : configured;
    if (n < 1 || n > Simulation.MAX_IN_FLIGHT) {
      throw new TestOpsException.InvalidInput(
          "--max-in-flight must be in [1, " + Simulation.MAX_IN_FLIGHT + "], was " + n);
    }
    return n;
  }

  private static String valueAndSource(JsonNode value, JsonNode source) {
    if (value.isNull() || value.isMissingNode()) {
      return "nothing";
    }
    return value.asString() + (source.isString() ? " (" + source.asString() + ")" : "");
  }
}
