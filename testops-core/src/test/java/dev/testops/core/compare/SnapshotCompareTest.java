package dev.testops.core.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.Sims;
import dev.testops.core.TestOpsException;
import dev.testops.engine.EngineOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class SnapshotCompareTest {
  @TempDir Path temp;

  @Test
  void sameInputs_compareIdentical_evenWithDifferentRunIds() {
    Path a = Sims.run(temp.resolve("a"), Sims.spec("a", 60, 5), 2).snapshot();
    Path b = Sims.run(temp.resolve("b"), Sims.spec("b", 60, 5), 1).snapshot();

    JsonNode diff = new SnapshotCompare(3).compare(a, b);

    assertThat(diff.path("identical").asBoolean()).isTrue();
    JsonNode pair = diff.path("pairs").get(0);
    assertThat(pair.path("records").path("compared").asLong()).isEqualTo(300);
    assertThat(pair.path("records").path("differing").asLong()).isZero();
    assertThat(pair.path("metrics_changed").asInt()).isZero();
    assertThat(DiffText.render(diff)).contains("result: IDENTICAL").contains("300 identical");
  }

  @Test
  void aFaultyEngine_showsUpAsRecordAndMetricDifferences() {
    Path base = Sims.run(temp.resolve("base"), Sims.spec("base", 60, 5), 2).snapshot();
    Path target =
        Sims.run(
                temp.resolve("target"),
                Sims.spec("target", 60, 5, EngineOptions.NONE.with("fault", "error:0.2")),
                2)
            .snapshot();

    JsonNode diff = new SnapshotCompare(2).compare(base, target);

    assertThat(diff.path("identical").asBoolean()).isFalse();
    JsonNode pair = diff.path("pairs").get(0);
    assertThat(pair.path("dataset_identical").asBoolean()).isTrue();
    long differing = pair.path("records").path("differing").asLong();
    assertThat(differing).isBetween(30L, 90L);
    assertThat(pair.path("records").path("first_differences")).hasSize(2);
    JsonNode errors = metric(pair, "sim.errors");
    assertThat(errors.path("base").asLong()).isZero();
    long failed = errors.path("target").asLong();
    // Every failed request differs; a later turn of the same user may differ too, because the
    // failed turn's claims never reached it.
    assertThat(failed).isPositive().isLessThanOrEqualTo(differing);
    assertThat(errors.path("delta").asLong()).isEqualTo(failed);
    String text = DiffText.render(diff);
    assertThat(text).contains("result: DIFFERENT").contains("sim.errors: 0 -> " + failed);
    assertThat(text).contains("  - {").contains("  + {");
  }

  @Test
  void folders_arePairedByScenario_andLoneSnapshotsAreListed() throws IOException {
    Path golden = temp.resolve("snapshots/golden");
    Path dev = temp.resolve("snapshots/dev");
    Sims.run(temp.resolve("g"), Sims.spec("g1", 20, 1), 1);
    Sims.run(temp.resolve("g"), Sims.spec("g2", 20, 2), 1);
    Sims.run(temp.resolve("d"), Sims.spec("d1", 20, 1), 1);
    copySnapshots(temp.resolve("g/snapshots"), golden);
    copySnapshots(temp.resolve("d/snapshots"), dev);

    JsonNode diff = new SnapshotCompare(0).compare(golden, dev);

    assertThat(diff.path("pairs")).hasSize(1);
    assertThat(diff.path("pairs").get(0).path("identical").asBoolean()).isTrue();
    assertThat(diff.path("unpaired").get(0).asString()).isEqualTo("base only: run-g2.json");
    assertThat(diff.path("identical").asBoolean()).isFalse();
  }

  @Test
  void aFileAgainstAFolder_isRefused() {
    Path file = Sims.run(temp, Sims.spec("f", 5, 1), 1).snapshot();

    assertThatThrownBy(() -> new SnapshotCompare(1).compare(file, temp))
        .isInstanceOf(TestOpsException.InvalidInput.class)
        .hasMessageContaining("not one of each");
  }

  private static JsonNode metric(JsonNode pair, String name) {
    for (JsonNode delta : pair.path("metrics")) {
      if (delta.path("metric").asString().equals(name)) {
        return delta;
      }
    }
    throw new AssertionError("no delta for " + name + " in " + pair.path("metrics"));
  }

  private static void copySnapshots(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
