package dev.testops.core.phases;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.Channel;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.replay.Replay;
import dev.testops.core.run.Phase;
import dev.testops.core.run.PhaseContext;
import dev.testops.core.run.PhaseOutcome;
import dev.testops.core.run.PhaseStatus;
import dev.testops.core.snapshot.SnapshotFormat;
import dev.testops.engine.EngineOptions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replay: re-run the snapshot the SIM phase wrote and score its determinism. Passes when the score
 * reaches the suite's {@code floor} (default 90; the shipped suites use the release gate, 98); a
 * pass with differing records ({@code DRIFT WITHIN FLOOR}) carries a {@linkplain
 * PhaseOutcome#WARNING warning}. Its message is the result's headline: the verdict and how many
 * records diverged.
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
    // The run's own file, then the seeds' shared name as the latest whole one.
    context
        .home()
        .output()
        .writeWithLatest(
            Channel.ARTIFACT,
            report,
            context.home().reports().resolve("determinism.json"),
            CanonicalJson.pretty(result));
    context.artifact("determinism", report);
    boolean passed = result.path("passed").asBoolean();
    String verdict = result.path("verdict").asString();
    String headline = result.path("headline").asString();
    String where = context.home().root().relativize(report).toString();
    for (JsonNode d : result.path("option_differences")) {
      context.warn(
          "engine option "
              + d.path("option").asString()
              + " differs from the run's: recorded "
              + d.path("recorded").asString("nothing")
              + ", replayed with "
              + d.path("used").asString("nothing"),
          "replay with the run's own options, or expect records to differ because of it");
    }
    if (!passed) {
      context.warn(
          headline,
          "the engine answers differently on replay: compare the first diverging records in "
              + where);
    } else if (result.path("drift").asBoolean()) {
      context.warn(
          headline,
          "the replay passes the floor, but the engine is not deterministic: compare the first"
              + " diverging records in "
              + where);
    }
    ObjectNode summary = CanonicalJson.object();
    summary.put("verdict", verdict);
    if (passed && result.path("drift").asBoolean()) {
      // A drift within the floor passes, but is never a plain pass: reports, JUnit and the
      // dashboard show a phase's warning beside its status.
      summary.put(PhaseOutcome.WARNING, headline);
    }
    summary.set("determinism_score", result.path("determinism_score"));
    summary.put("floor", floor);
    summary.set("records", result.path("records"));
    summary.set("dataset_matches", result.path("dataset_matches"));
    summary.set("metrics_match", result.path("metrics_match"));
    summary.set("options_match", result.path("options_match"));
    summary.set("option_differences", result.path("option_differences"));
    summary.set("first_divergences", result.path("first_divergences"));
    return new PhaseOutcome(passed ? PhaseStatus.PASSED : PhaseStatus.FAILED, summary, headline);
  }
}
