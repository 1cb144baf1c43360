package dev.testops.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.Sims;
import dev.testops.core.compare.SnapshotCompare;
import dev.testops.core.replay.Replay;
import dev.testops.core.report.SimSummary;
import dev.testops.core.sim.SimProgress;
import dev.testops.engine.EngineOptions;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Golden files: a small snapshot and its rendered summary must not change unless someone means them
 * to. To accept a deliberate change, run {@code make golden} (which sets {@code
 * -Dtestops.golden.update=true}) and review the diff of {@code src/test/resources/golden/}.
 */
class GoldenSnapshotTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  /** A snapshot and its gzip records as TestOps wrote them before records moved to zstd. */
  private static final Path GZIP_RECORDS = GOLDEN.resolve("v1-gzip-records");

  private static final boolean UPDATE = Boolean.getBoolean("testops.golden.update");

  @TempDir Path home;

  @Test
  void smallSnapshot_matchesItsGoldenFile_byteForByte() throws IOException {
    var outcome = Sims.run(home, Sims.spec("golden", 25, 7), 2);

    assertGolden("run-golden.json", Files.readAllBytes(outcome.snapshot()));
  }

  @Test
  void smallSnapshotsRecords_matchTheirGoldenZstdFile_byteForByte() throws IOException {
    var outcome = Sims.run(home, Sims.spec("golden", 25, 7), 2);

    assertThat(outcome.records().getFileName()).hasToString("run-golden.records.jsonl.zst");
    assertGoldenBytes("run-golden.records.jsonl.zst", Files.readAllBytes(outcome.records()));
  }

  @Test
  void snapshotWithGzipRecords_ofTheFirstFormat_replaysIdentically() throws IOException {
    Path snapshots = Files.createDirectories(home.resolve("snapshots"));
    for (String name : List.of("run-golden.json", "run-golden.records.jsonl.gz")) {
      Files.copy(GZIP_RECORDS.resolve(name), snapshots.resolve(name));
    }
    Snapshot old = SnapshotFormat.read(snapshots.resolve("run-golden.json"));
    assertThat(old.document().path("records").path("format").asString()).isEqualTo("jsonl+gzip");

    JsonNode result =
        new Replay(Sims.registry())
            .run(
                old,
                new Replay.Options(
                    Optional.empty(), EngineOptions.NONE.with("fault", ""), BigDecimal.TEN, 3, 2),
                SimProgress.NONE);

    assertThat(result.path("determinism_score").decimalValue()).isEqualByComparingTo("100");
    assertThat(result.path("records").path("matching").asLong()).isEqualTo(125);
    assertThat(result.path("dataset_matches").asBoolean()).isTrue();
    assertThat(result.path("metrics_match").asBoolean()).isTrue();
    // The same run written today (zstd records) compares identical to it, record by record.
    Path today = Sims.run(home.resolve("today"), Sims.spec("golden", 25, 7), 2).snapshot();
    JsonNode diff = new SnapshotCompare(3).compare(old.file(), today);
    assertThat(diff.path("identical").asBoolean()).isTrue();
    assertThat(diff.path("pairs").get(0).path("records").path("compared").asLong()).isEqualTo(125);
  }

  @Test
  void renderedSummary_matchesItsGoldenFile() throws IOException {
    var outcome = Sims.run(home, Sims.spec("golden", 25, 7), 2);

    assertGolden(
        "run-golden.summary.txt",
        SimSummary.render(outcome.document()).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void goldenSnapshotOfSchemaVersion1_isStillReadable() {
    Snapshot old = SnapshotFormat.read(GOLDEN.resolve("run-golden.json"));

    assertThat(old.runId()).isEqualTo("golden");
    assertThat(old.users()).isEqualTo(25);
    assertThat(old.profile().turnsPerUser()).isEqualTo(5);
  }

  @Test
  void schemaVersion1SnapshotWithoutAProvider_opensTheEngineByItsId() {
    Snapshot old = SnapshotFormat.read(GOLDEN.resolve("v1-before-provider/run-golden.json"));

    assertThat(old.engineProvider()).isEqualTo("toron-v2.5h+");
    assertThat(old.engineOptions()).containsEntry("fault", "");
  }

  /** Compares bytes, for a binary golden file. */
  private static void assertGoldenBytes(String name, byte[] actual) throws IOException {
    assertThat(actual).as(differs(name)).isEqualTo(Files.readAllBytes(golden(name, actual)));
  }

  /** Compares as text, so a failure shows the differing lines. */
  private static void assertGolden(String name, byte[] actual) throws IOException {
    assertThat(new String(actual, StandardCharsets.UTF_8))
        .as(differs(name))
        .isEqualTo(Files.readString(golden(name, actual)));
  }

  /** The golden file, rewritten first when updating. */
  private static Path golden(String name, byte[] actual) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.write(file, actual);
    }
    assertThat(file).as("golden file %s (run `make golden` to create it)", file).exists();
    return file;
  }

  private static String differs(String name) {
    return name + " differs from its golden file; if the change is meant, run `make golden`";
  }
}
