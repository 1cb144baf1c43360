package dev.testops.core.snapshot;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.Sims;
import dev.testops.core.TestOpsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFormatTest {
  @TempDir Path home;

  @Test
  void missingSnapshot_isNotFound() {
    assertThatThrownBy(() -> SnapshotFormat.read(home.resolve("run-x.json")))
        .isInstanceOf(TestOpsException.NotFound.class)
        .hasMessageContaining("no snapshot at");
  }

  @Test
  void truncatedSnapshot_isCorrupt() throws IOException {
    Path file = Sims.run(home, Sims.spec("cut", 5, 1), 1).snapshot();
    String text = Files.readString(file);
    Files.writeString(file, text.substring(0, text.length() / 2));

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(TestOpsException.CorruptArtifact.class)
        .hasMessageContaining("is not valid JSON");
  }

  @Test
  void newerSchemaVersion_isRefused_withAnUpgradeHint() throws IOException {
    Path file = Sims.run(home, Sims.spec("future", 5, 1), 1).snapshot();
    Files.writeString(
        file,
        Files.readString(file).replace("\"schema_version\": 1", "\"schema_version\": 2"),
        StandardCharsets.UTF_8);

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(TestOpsException.CorruptArtifact.class)
        .hasMessageContaining("schema version 2")
        .hasMessageContaining("upgrade TestOps");
  }

  @Test
  void jsonThatIsNotASnapshot_isCorrupt() throws IOException {
    Path file = home.resolve("run-other.json");
    Files.writeString(file, "{\"hello\": 1}");

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(TestOpsException.CorruptArtifact.class)
        .hasMessageContaining("not a TestOps snapshot");
  }

  @Test
  void recordsFileNameThatLeavesTheFolder_isRefused() throws IOException {
    Path file = Sims.run(home, Sims.spec("escape", 5, 1), 1).snapshot();
    Files.writeString(
        file, Files.readString(file).replace("\"run-escape.records.jsonl.zst\"", "\"../x.gz\""));

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(TestOpsException.CorruptArtifact.class)
        .hasMessageContaining("outside its folder");
  }
}
