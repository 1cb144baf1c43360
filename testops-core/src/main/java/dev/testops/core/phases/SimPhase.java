package dev.testops.core.phases;

import dev.testops.core.TestOpsException;
import dev.testops.core.TestOpsVersion;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfig;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.engines.EngineOptionsJson;
import dev.testops.core.run.Phase;
import dev.testops.core.run.PhaseContext;
import dev.testops.core.run.PhaseOutcome;
import dev.testops.core.run.PhaseStatus;
import dev.testops.core.run.RunRequest;
import dev.testops.core.sim.RunIds;
import dev.testops.core.sim.SimBatch;
import dev.testops.core.sim.SimSeed;
import dev.testops.core.sim.SimSpec;
import dev.testops.core.sim.Simulation;
import dev.testops.core.snapshot.Trigger;
import dev.testops.engine.EngineOptions;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SIM Batch: simulate the request's users offline and write the run's snapshot. Passes when the
 * batch completes with an error rate within {@code max_error_rate} (default 0.01).
 */
final class SimPhase implements Phase {
  /** The shared key under which the snapshot path is left for later phases. */
  static final String SNAPSHOT = "snapshot";

  @Override
  public String name() {
    return "sim";
  }

  @Override
  public String title() {
    return "SIM Batch";
  }

  @Override
  public PhaseOutcome execute(PhaseContext context) {
    RunRequest request = context.request();
    SimConfig config = SimConfigLoader.load(context.home().root());
    config.checkUsers(request.users());
    long seed = request.seed().orElse(RunIds.seedFor(context.run().id()));
    var spec =
        new SimSpec(
            context.run().id(),
            request.users(),
            seed,
            request.seed().isPresent() ? request.seedSource() : SimSeed.RUN_ID,
            config.profile(Optional.of(request.profile())),
            request.suite(),
            request.engineId(),
            new EngineOptions(request.engineOptions()));
    context.info(
        String.format(
            java.util.Locale.ROOT,
            "simulating %d users x %d turns (profile %s, seed %d from %s) on %d threads",
            spec.users(),
            spec.profile().turnsPerUser(),
            spec.profile().name(),
            seed,
            spec.seedSource(),
            context.threads()));
    var trigger =
        new Trigger(context.clock().instant(), "testops", "run", "run " + context.run().id());
    int[] lastPercent = {-1};
    var outcome =
        new SimBatch(context.home(), context.engines(), TestOpsVersion.get())
            .run(
                spec,
                context.threads(),
                maxInFlight(context, config),
                trigger,
                (done, total) -> {
                  context.checkCancelled();
                  int percent = (int) ((long) done * 100 / total);
                  if (percent != lastPercent[0]) {
                    lastPercent[0] = percent;
                    context.progress(percent);
                  }
                });
    JsonNode effective = outcome.document().path("engine").path("effective_options");
    context.info(
        "engine options: "
            + EngineOptionsJson.describe(EngineOptionsJson.fromJson(effective, "snapshot engine")));
    context.shared().put(SNAPSHOT, outcome.snapshot());
    context.artifact("snapshot", outcome.snapshot());
    context.artifact("records", outcome.records());
    JsonNode sim = outcome.document().path("metrics").path("sim");
    ObjectNode summary = CanonicalJson.object();
    summary.put("users", spec.users());
    summary.put("seed", seed);
    summary.put("seed_source", spec.seedSource());
    summary.set("engine_options", effective);
    summary.put("requests", sim.path("requests").asLong());
    summary.put("errors", sim.path("errors").asLong());
    summary.set("error_rate", sim.path("error_rate"));
    summary.set("latency_ms", sim.path("latency_ms"));
    summary.set("tiers", sim.path("tiers"));
    summary.set("escalations", sim.path("escalations"));
    summary.set("contradictions", sim.path("contradictions"));
    summary.put("dataset_sha256", outcome.document().path("dataset").path("sha256").asString());
    summary.put("snapshot", context.home().root().relativize(outcome.snapshot()).toString());
    double maxErrorRate = Double.parseDouble(context.param("max_error_rate").orElse("0.01"));
    boolean passed = sim.path("error_rate").doubleValue() <= maxErrorRate;
    if (!passed) {
      context.warn(
          "engine error rate "
              + sim.path("error_rate").decimalValue().toPlainString()
              + " exceeds "
              + maxErrorRate,
          "inspect the failed records in " + outcome.records().getFileName());
    }
    return new PhaseOutcome(
        passed ? PhaseStatus.PASSED : PhaseStatus.FAILED,
        summary,
        String.format(
            java.util.Locale.ROOT,
            "%d requests, %d errors",
            sim.path("requests").asLong(),
            sim.path("errors").asLong()));
  }

  /**
   * The phase's {@code max_in_flight} parameter, else the configuration's: the most requests in
   * flight at once to an engine over HTTP.
   *
   * @throws TestOpsException.InvalidInput naming the parameter and its bounds when it is invalid
   */
  static int maxInFlight(PhaseContext context, SimConfig config) {
    Optional<String> param = context.param("max_in_flight");
    if (param.isEmpty()) {
      return config.maxInFlight();
    }
    String invalid =
        "max_in_flight must be a whole number in [1, "
            + Simulation.MAX_IN_FLIGHT
            + "], was '"
            + param.get()
            + "'";
    try {
      int value = Integer.parseInt(param.get().trim());
      if (value < 1 || value > Simulation.MAX_IN_FLIGHT) {
        throw new TestOpsException.InvalidInput(invalid);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new TestOpsException.InvalidInput(invalid);
    }
  }
}
