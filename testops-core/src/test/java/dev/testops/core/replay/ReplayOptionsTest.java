package dev.testops.core.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.Sims;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.sim.SimBatch;
import dev.testops.core.sim.SimProgress;
import dev.testops.core.sim.SimSpec;
import dev.testops.core.snapshot.Snapshot;
import dev.testops.core.snapshot.SnapshotFormat;
import dev.testops.engine.EngineOptions;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A replay runs the engine the run ran, whatever the replaying process's environment: the run's
 * effective options (environment and defaults included) are recorded and used, and any option a
 * replay changes is named in its result.
 */
class ReplayOptionsTest {
  private static final Path BEFORE_EFFECTIVE_OPTIONS =
      Path.of("src/test/resources/golden/v1-before-effective-options");

  @TempDir Path home;

  private static EngineRegistry withFault(String value) {
    return Sims.registry().withEnvironment(name -> "TORON_FAULT".equals(name) ? value : null);
  }

  private static final EngineRegistry CLEAN_ENVIRONMENT =
      Sims.registry().withEnvironment(n -> null);

  /** A spec that gives no fault option, so the environment decides. */
  private static SimSpec noOptions(String runId, int users) {
    return new SimSpec(
        runId,
        users,
        77,
        "flag",
        Sims.offline(),
        "regression_core",
        EngineRegistry.DEFAULT_ENGINE,
        EngineOptions.NONE);
  }

  private Snapshot sim(EngineRegistry engines, SimSpec spec) {
    var outcome =
        new SimBatch(new ArtifactHome(home), engines, "test")
            .run(spec, 2, Sims.TRIGGER, SimProgress.NONE);
    return SnapshotFormat.read(outcome.snapshot());
  }

  private static JsonNode replay(
      EngineRegistry engines, Snapshot snapshot, EngineOptions overrides, int floor) {
    return new Replay(engines)
        .run(
            snapshot,
            new Replay.Options(Optional.empty(), overrides, BigDecimal.valueOf(floor), 3, 2),
            SimProgress.NONE);
  }

  @Test
  void simUnderAnEnvironmentFault_recordsIt_andReplaysIdenticalWithoutTheVariable() {
    Snapshot snapshot = sim(withFault("error:0.5"), noOptions("env-fault", 100));

    JsonNode fault = snapshot.document().path("engine").path("effective_options").path("fault");
    assertThat(fault.path("value").asString()).isEqualTo("error:0.5");
    assertThat(fault.path("source").asString()).isEqualTo("environment");
    assertThat(fault.path("variable").asString()).isEqualTo("TORON_FAULT");
    assertThat(snapshot.document().path("engine").path("options").isEmpty()).isTrue();
    assertThat(snapshot.simMetrics().path("errors").asLong()).isBetween(200L, 300L);

    JsonNode result = replay(CLEAN_ENVIRONMENT, snapshot, EngineOptions.NONE, 90);

    assertThat(result.path("verdict").asString()).isEqualTo("IDENTICAL");
    assertThat(result.path("determinism_score").decimalValue()).isEqualByComparingTo("100");
    assertThat(result.path("options_match").asBoolean()).isTrue();
    assertThat(result.path("option_differences")).isEmpty();
    assertThat(result.path("headline").asString()).startsWith("IDENTICAL: all 500 records match");
  }

  @Test
  void replayToldAnotherOption_saysTheOptionsDiffer_andWhich() {
    Snapshot snapshot = sim(withFault("error:0.5"), noOptions("env-fault", 100));

    // Without the recorded options this is what replay did before: the fault-free engine.
    JsonNode result =
        replay(CLEAN_ENVIRONMENT, snapshot, EngineOptions.NONE.with("fault", "none"), 90);

    assertThat(result.path("verdict").asString()).isEqualTo("DRIFT");
    assertThat(result.path("options_match").asBoolean()).isFalse();
    JsonNode difference = result.path("option_differences").get(0);
    assertThat(result.path("option_differences")).hasSize(1);
    assertThat(difference.path("option").asString()).isEqualTo("fault");
    assertThat(difference.path("recorded").asString()).isEqualTo("error:0.5");
    assertThat(difference.path("recorded_source").asString()).isEqualTo("environment TORON_FAULT");
    assertThat(difference.path("used").asString()).isEqualTo("none");
    assertThat(difference.path("used_source").asString()).isEqualTo("option");
    assertThat(result.path("headline").asString())
        .startsWith("DRIFT: ")
        .contains("other engine options than the run");
  }

  @Test
  void aCleanRun_recordsTheDefault_soAFaultInTheReplayingEnvironmentCannotReachTheEngine() {
    Snapshot snapshot = sim(CLEAN_ENVIRONMENT, noOptions("clean", 60));

    JsonNode fault = snapshot.document().path("engine").path("effective_options").path("fault");
    assertThat(fault.path("value").asString()).isEqualTo("none");
    assertThat(fault.path("source").asString()).isEqualTo("default");

    JsonNode result = replay(withFault("nondeterministic:1"), snapshot, EngineOptions.NONE, 90);

    assertThat(result.path("verdict").asString()).isEqualTo("IDENTICAL");
    assertThat(result.path("options_match").asBoolean()).isTrue();
  }

  @Test
  void verdict_hasThreeStates_identical_driftWithinTheFloor_andDriftBelowIt() {
    // The run itself was nondeterministic: its engine added a per-instance nonce to 5 % of the
    // answers, so a replay with exactly its options differs on those records.
    Snapshot snapshot =
        sim(
            CLEAN_ENVIRONMENT,
            Sims.spec("nd", 200, 5, EngineOptions.NONE.with("fault", "nondeterministic:0.05")));
    Snapshot clean = sim(CLEAN_ENVIRONMENT, Sims.spec("clean", 200, 5));

    JsonNode identical = replay(CLEAN_ENVIRONMENT, clean, EngineOptions.NONE, 90);
    JsonNode within = replay(CLEAN_ENVIRONMENT, snapshot, EngineOptions.NONE, 90);
    JsonNode below = replay(CLEAN_ENVIRONMENT, snapshot, EngineOptions.NONE, 98);

    assertThat(identical.path("verdict").asString()).isEqualTo("IDENTICAL");
    assertThat(identical.path("drift").asBoolean()).isFalse();
    assertThat(identical.path("passed").asBoolean()).isTrue();

    long differing = within.path("records").path("differing").asLong();
    assertThat(differing).isBetween(20L, 80L);
    assertThat(within.path("verdict").asString()).isEqualTo("DRIFT WITHIN FLOOR");
    assertThat(within.path("options_match").asBoolean()).isTrue();
    assertThat(within.path("drift").asBoolean()).isTrue();
    assertThat(within.path("passed").asBoolean()).isTrue();
    assertThat(within.path("headline").asString())
        .isEqualTo(
            "DRIFT WITHIN FLOOR: "
                + differing
                + " of 1000 records diverged (determinism_score "
                + within.path("determinism_score").decimalValue().toPlainString()
                + ", floor 90): the engine is not deterministic");

    assertThat(below.path("verdict").asString()).isEqualTo("DRIFT");
    assertThat(below.path("passed").asBoolean()).isFalse();
    assertThat(below.path("headline").asString())
        .startsWith("DRIFT: " + differing + " of 1000 records diverged")
        .contains("below the floor 98");
  }

  @Test
  void aSnapshotWrittenBeforeEffectiveOptions_stillReadsAndReplaysIdentically() throws IOException {
    Snapshot old = copyOld();
    assertThat(old.effectiveOptions()).isEmpty();

    JsonNode result = replay(withFault("error:0.5"), old, EngineOptions.NONE, 90);

    // It asked for fault="" explicitly, so the replaying environment does not reach the engine.
    assertThat(result.path("verdict").asString()).isEqualTo("IDENTICAL");
    assertThat(result.path("options_match").asBoolean()).isTrue();
  }

  @Test
  void anOldSnapshotThatGaveNoFault_replayedUnderAnEnvironmentFault_namesTheDifference()
      throws IOException {
    Snapshot old = copyOld();
    ObjectNode document = (ObjectNode) old.document().deepCopy();
    ((ObjectNode) document.path("engine")).putObject("options");
    Files.write(old.file(), CanonicalJson.pretty(document));
    old = SnapshotFormat.read(old.file());

    JsonNode clean = replay(CLEAN_ENVIRONMENT, old, EngineOptions.NONE, 90);
    JsonNode faulty = replay(withFault("error:0.2"), old, EngineOptions.NONE, 90);

    // The default the replay takes is not a difference (that run's default is the same engine's).
    assertThat(clean.path("options_match").asBoolean()).isTrue();
    assertThat(faulty.path("verdict").asString()).isEqualTo("DRIFT");
    JsonNode difference = faulty.path("option_differences").get(0);
    assertThat(difference.path("option").asString()).isEqualTo("fault");
    assertThat(difference.path("recorded").isNull()).isTrue();
    assertThat(difference.path("used").asString()).isEqualTo("error:0.2");
    assertThat(difference.path("used_source").asString()).isEqualTo("environment TORON_FAULT");
  }

  private Snapshot copyOld() throws IOException {
    Path snapshots = Files.createDirectories(home.resolve("snapshots"));
    for (String name : List.of("run-golden.json", "run-golden.records.jsonl.zst")) {
      Files.copy(BEFORE_EFFECTIVE_OPTIONS.resolve(name), snapshots.resolve(name));
    }
    return SnapshotFormat.read(snapshots.resolve("run-golden.json"));
  }

  @Test
  void explicitOptionsWin_overTheRecordedOnes_perKey() {
    Snapshot snapshot =
        sim(
            CLEAN_ENVIRONMENT,
            Sims.spec("two", 40, 3, new EngineOptions(Map.of("fault", "", "extra", "kept"))));

    JsonNode result =
        replay(CLEAN_ENVIRONMENT, snapshot, EngineOptions.NONE.with("fault", "error:1"), 90);

    JsonNode used = result.path("engine").path("effective_options");
    assertThat(used.path("fault").path("value").asString()).isEqualTo("error:1");
    assertThat(used.path("extra").path("value").asString()).isEqualTo("kept");
    assertThat(result.path("option_differences")).hasSize(1);
  }
}
