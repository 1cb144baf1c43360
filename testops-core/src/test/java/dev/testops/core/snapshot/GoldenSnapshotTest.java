package dev.testops.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.Sims;
import dev.testops.core.report.SimSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files: a small snapshot and its rendered summary must not change unless someone means them
 * to. To accept a deliberate change, run {@code make golden} (which sets {@code
 * -Dtestops.golden.update=true}) and review the diff of {@code src/test/resources/golden/}.
 */
class GoldenSnapshotTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("testops.golden.update");

  @TempDir Path home;

  @Test
  void smallSnapshot_matchesItsGoldenFile_byteForByte() throws IOException {
    var outcome = Sims.run(home, Sims.spec("golden", 25, 7), 2);

    assertGolden("run-golden.json", Files.readAllBytes(outcome.snapshot()));
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

  private static void assertGolden(String name, byte[] actual) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.write(file, actual);
    }
    assertThat(file).as("golden file %s (run `make golden` to create it)", file).exists();
    assertThat(new String(actual, StandardCharsets.UTF_8))
        .as("%s differs from its golden file; if the change is meant, run `make golden`", name)
        .isEqualTo(Files.readString(file));
  }
}
