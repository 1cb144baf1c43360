package dev.testops.app.cli;

import dev.testops.core.TestOpsException;
import dev.testops.core.TestOpsVersion;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfig;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.phases.BuiltInPhases;
import dev.testops.core.report.SimSummary;
import dev.testops.core.run.Suite;
import dev.testops.core.run.SuiteLoader;
import dev.testops.core.sim.RunIds;
import dev.testops.core.sim.SimBatch;
import dev.testops.core.sim.SimProgress;
import dev.testops.core.sim.SimSeed;
import dev.testops.core.sim.SimSpec;
import dev.testops.core.sim.Simulation;
import dev.testops.load.LoadPhase;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
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
      description =
          "Seed. Default: $SIM_SEED, else the suite's, else config's, else derived from the run"
              + " id.")
  Long seed;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "Dataset profile (default: config).")
  String profile;

  @Option(
      names = "--suite",
      paramLabel = "NAME",
      description =
          "Suite whose SIM parameters to take (users, profile, seed from its dataset; the options"
              + " above win) and to record (default: config's, recorded only).")
  String suite;

  @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: a new one).")
  String runId;

  @Mixin EngineChoice engine = new EngineChoice();

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads (default: all cores). Results do not depend on it.")
  Integer threads;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      description =
          "Most requests in flight at once to an engine over HTTP, in [1, 10000] (default: config"
              + " max_in_flight, 10000). Results do not depend on it.")
  Integer maxInFlight;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  SimCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ArtifactHome artifacts = home.resolve(context);
    SimConfig config = SimConfigLoader.load(artifacts.root());
    // Everything is validated before anything is written: an unknown suite or profile is exit 3.
    Optional<Suite> fromSuite =
        suite == null
            ? Optional.empty()
            : Optional.of(
                new SuiteLoader(artifacts.root(), BuiltInPhases.registry(new LoadPhase()).names())
                    .load(suite));
    int userCount =
        users != null ? users : fromSuite.map(Suite::defaultUsers).orElse(config.defaultUsers());
    config.checkUsers(userCount);
    var chosenProfile =
        config.profile(Optional.ofNullable(profile).or(() -> fromSuite.flatMap(Suite::profile)));
    String id =
        runId != null
            ? RunIds.requireValid(runId)
            : RunIds.next(context.clock(), context.entropy());
    var chosen = chooseSeed(config, fromSuite, id);
    var simSpec =
        new SimSpec(
            id,
            userCount,
            chosen.seed(),
            chosen.source(),
            chosenProfile,
            fromSuite.map(Suite::name).orElse(config.defaultSuite()),
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
            .run(simSpec, threads(), maxInFlight(config.maxInFlight()), trigger, progress);
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

  /** The seed, in {@link SimSeed}'s order: --seed, SIM_SEED, the suite's, the config's, derived. */
  private Seed chooseSeed(SimConfig config, Optional<Suite> fromSuite, String id) {
    if (seed != null) {
      return new Seed(seed, SimSeed.FLAG);
    }
    OptionalLong env = SimSeed.fromEnvironment(context.env());
    if (env.isPresent()) {
      return new Seed(env.getAsLong(), SimSeed.ENV);
    }
    if (fromSuite.isPresent() && fromSuite.get().seed().isPresent()) {
      return new Seed(fromSuite.get().seed().getAsLong(), SimSeed.SUITE);
    }
    if (config.defaultSeed().isPresent()) {
      return new Seed(config.defaultSeed().getAsLong(), SimSeed.CONFIG);
    }
    return new Seed(RunIds.seedFor(id), SimSeed.RUN_ID);
  }

  private int threads() {
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (n < 1 || n > 512) {
      throw new TestOpsException.InvalidInput("--threads must be in [1, 512], was " + n);
    }
    return n;
  }

  private int maxInFlight(int configured) {
    int n = maxInFlight != null ? maxInFlight : configured;
    if (n < 1 || n > Simulation.MAX_IN_FLIGHT) {
      throw new TestOpsException.InvalidInput(
          "--max-in-flight must be in [1, " + Simulation.MAX_IN_FLIGHT + "], was " + n);
    }
    return n;
  }
}
