package dev.testops.core.phases;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.AtomicFiles;
import dev.testops.core.batch.Replay;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.run.Phase;
import dev.testops.core.run.PhaseContext;
import dev.testops.core.run.PhaseOutcome;
import dev.testops.core.run.PhaseStatus;
import dev.testops.core.snapshot.SnapshotFormat;
import dev.testops.engine.EngineOptions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replay: re-run the snapshot the SIM phase wrote and score its determinism. Passes when the score
 * reaches the suite's {@code floor} (default 90; the shipped suites use the release gate, 98).
 */
final class ReplayPhase implements Phase {

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public String title() {
    return "Replay";
  }

  @Override
  public PhaseOutcome execute(PhaseContext context) {
    Object snapshotPath = context.shared().get(SimPhase.SNAPSHOT);
    if (!(snapshotPath instanceof Path path)) {
      throw new TestOpsException.InvalidInput("replay needs a sim phase before it in the suite");
    }
    BigDecimal floor =
        new BigDecimal(context.param("floor").orElse(Replay.DEFAULT_FLOOR.toPlainString()));
    var snapshot = SnapshotFormat.read(path);
    context.info("replaying " + snapshot.recordCount() + " records of " + path.getFileName());
    var options =
        new Replay.Options(
            Optional.empty(),
            new EngineOptions(context.request().engineOptions()),
            floor,
            Replay.DEFAULT_SHOWN_DIVERGENCES,
            context.threads(),
            SimPhase.maxInFlight(context, SimConfigLoader.load(context.home().root())));
    ObjectNode result =
        new Replay(context.engines())
            .run(
                snapshot,
                options,
                (done, total) -> {
                  context.checkCancelled();
                  context.progress((int) ((long) done * 100 / total));
                });
    Path report =
        context.home().reports().resolve("determinism/run-" + context.run().id() + ".json");
    AtomicFiles.write(report, CanonicalJson.pretty(result));
    AtomicFiles.write(
        context.home().reports().resolve("determinism.json"), CanonicalJson.pretty(result));
    context.artifact("determinism", report);
    boolean passed = result.path("passed").asBoolean();
    String score = result.path("determinism_score").decimalValue().toPlainString();
    if (!passed) {
      context.warn(
          "determinism_score " + score + " is below the floor " + floor.toPlainString(),
          "the engine answers differently on replay: compare the first diverging records in "
              + context.home().root().relativize(report));
    }
    ObjectNode summary = CanonicalJson.object();
    summary.set("determinism_score", result.path("determinism_score"));
    summary.put("floor", floor);
    summary.set("records", result.path("records"));
    summary.set("dataset_matches", result.path("dataset_matches"));
    summary.set("metrics_match", result.path("metrics_match"));
    summary.set("first_divergences", result.path("first_divergences"));
    return new PhaseOutcome(
        passed ? PhaseStatus.PASSED : PhaseStatus.FAILED,
        summary,
        "determinism_score " + score + " (floor " + floor.toPlainString() + ")");
  }
}
