package dev.testops.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.Sims;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.engine.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class RunBundleTest {
  @TempDir Path home;

  @Test
  void bundle_holdsTheRunsFiles_andAManifestOfTheirChecksums() throws IOException {
    var outcome = Sims.run(home, Sims.spec("b1", 10, 1), 1);
    Path log = home.resolve("logs/run-b1.log");
    Files.createDirectories(log.getParent());
    Files.writeString(log, "a log line\n");
    var artifacts = new ArtifactHome(home);

    Path bundle =
        RunBundle.write(
            artifacts,
            "b1",
            List.of(outcome.snapshot(), outcome.records(), log, home.resolve("missing.txt")),
            Instant.parse("2026-11-25T00:00:00Z"));

    Map<String, byte[]> entries = read(bundle);
    assertThat(entries.keySet())
        .containsExactly(
            "logs/run-b1.log",
            "manifest.json",
            "snapshots/run-b1.json",
            "snapshots/run-b1.records.jsonl.zst");
    JsonNode manifest = CanonicalJson.parse(entries.get("manifest.json"), "manifest");
    for (JsonNode file : manifest.path("files")) {
      byte[] bytes = entries.get(file.path("path").asString());
      assertThat(Digests.sha256Hex(bytes)).isEqualTo(file.path("sha256").asString());
      assertThat(bytes).isEqualTo(Files.readAllBytes(home.resolve(file.path("path").asString())));
    }
  }

  @Test
  void sameFiles_giveTheSameBundleBytes() throws IOException {
    var outcome = Sims.run(home, Sims.spec("b2", 5, 1), 1);
    var artifacts = new ArtifactHome(home);
    Instant at = Instant.parse("2026-11-25T00:00:00Z");

    byte[] first =
        Files.readAllBytes(RunBundle.write(artifacts, "b2", List.of(outcome.snapshot()), at));
    byte[] second =
        Files.readAllBytes(RunBundle.write(artifacts, "b2", List.of(outcome.snapshot()), at));

    assertThat(second).isEqualTo(first);
  }

  private static Map<String, byte[]> read(Path bundle) throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    try (var tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(bundle)))) {
      for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        entries.put(entry.getName(), tar.readAllBytes());
      }
    }
    return entries;
  }
}
