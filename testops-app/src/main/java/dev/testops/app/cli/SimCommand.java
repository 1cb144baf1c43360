package dev.testops.app.cli;

import dev.testops.core.TestOpsException;
import dev.testops.core.TestOpsVersion;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.batch.SimBatch;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfig;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.report.SimSummary;
import dev.testops.core.sim.RunIds;
import dev.testops.core.sim.SimProgress;
import dev.testops.core.sim.SimSpec;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code testops sim}: simulate synthetic users offline and write the run's snapshot. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "Simulate synthetic users offline and write snapshots/run-<id>.json.")
final class SimCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin HomeOption home = new HomeOption();

  @Option(names = "--users", paramLabel = "N", description = "Synthetic users (default: config).")
  Integer users;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed. Default: $SIM_SEED, else config, else derived from the run id.")
  Long seed;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "Dataset profile (default: config).")
  String profile;

  @Option(
      names = "--suite",
      paramLabel = "NAME",
      description = "Suite to record (default: config).")
  String suite;

  @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: a new one).")
  String runId;

  @Mixin EngineChoice engine = new EngineChoice();

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads (default: all cores). Results do not depend on it.")
  Integer threads;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  SimCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ArtifactHome artifacts = home.resolve(context);
    SimConfig config = SimConfigLoader.load(artifacts.root());
    int userCount = users != null ? users : config.defaultUsers();
    config.checkUsers(userCount);
    String id =
        runId != null
            ? RunIds.requireValid(runId)
            : RunIds.next(context.clock(), context.entropy());
    var chosen = chooseSeed(config, id);
    var simSpec =
        new SimSpec(
            id,
            userCount,
            chosen.seed(),
            chosen.source(),
            config.profile(Optional.ofNullable(profile)),
            suite != null ? suite : config.defaultSuite(),
            engine.id,
            engine.options());
    var registry = EngineRegistry.discover(artifacts.engines()).withEnvironment(context.env());
    var trigger = Triggers.cli(context, spec);
    SimProgress progress =
        context.terminal() && !json
            ? new ProgressBar(spec.commandLine().getErr(), context.nanoTime(), "SIM")
            : SimProgress.NONE;
    long start = context.nanoTime().getAsLong();
    var outcome =
        new SimBatch(artifacts, registry, TestOpsVersion.get())
            .run(simSpec, threads(), trigger, progress);
    long elapsedMillis = (context.nanoTime().getAsLong() - start) / 1_000_000;
    var out = spec.commandLine().getOut();
    if (json) {
      ObjectNode summary = CanonicalJson.object();
      summary.put("run_id", id);
      summary.put("snapshot", outcome.snapshot().toString());
      summary.put("records", outcome.records().toString());
      summary.put("seed", simSpec.seed());
      summary.put("seed_source", simSpec.seedSource());
      summary.put("users", userCount);
      summary.set("engine_options", outcome.document().path("engine").path("effective_options"));
      summary.put("dataset_sha256", outcome.document().path("dataset").path("sha256").asString());
      summary.put("records_sha256", outcome.document().path("records").path("sha256").asString());
      summary.put("elapsed_seconds", CanonicalJson.ratio(elapsedMillis, 1000));
      summary.set("metrics", outcome.document().path("metrics").path("sim"));
      out.println(CanonicalJson.line(summary));
    } else {
      out.print(SimSummary.render(outcome.document()));
      out.printf(Locale.ROOT, "snapshot:         %s%n", outcome.snapshot());
      out.printf(Locale.ROOT, "elapsed:          %.3f s%n", elapsedMillis / 1000.0);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private record Seed(long seed, String source) {}

  private Seed chooseSeed(SimConfig config, String id) {
    if (seed != null) {
      return new Seed(seed, "flag");
    }
    String env = context.env().apply("SIM_SEED");
    if (env != null && !env.isBlank()) {
      try {
        return new Seed(Long.parseLong(env.trim()), "env");
      } catch (NumberFormatException e) {
        throw new TestOpsException.InvalidInput("SIM_SEED must be an integer, was '" + env + "'");
      }
    }
    if (config.defaultSeed().isPresent()) {
      return new Seed(config.defaultSeed().getAsLong(), "config");
    }
    return new Seed(RunIds.seedFor(id), "run-id");
  }

  private int threads() {
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (n < 1 || n > 512) {
      throw new TestOpsException.InvalidInput("--threads must be in [1, 512], was " + n);
    }
    return n;
  }
}
