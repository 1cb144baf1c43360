package dev.testops.core.bundle;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.Output;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.engine.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a run's bundle. Entries are sorted, owned by uid 0 and stamped with the run's end time, so
 * the same files give the same archive.
 */
public final class RunBundle {
  private RunBundle() {}

  /** Where a run's bundle lives. */
  public static Path path(ArtifactHome home, String runId) {
    return home.snapshots().resolve("run-" + runId + ".tar.gz");
  }

  /**
   * Writes the bundle of the files that exist among the candidates (paths under the home), with a
   * {@code manifest.json} listing each file's size and SHA-256.
   *
   * @throws TestOpsException.StorageFailure when a file cannot be read or the bundle written
   */
  public static Path write(ArtifactHome home, String runId, List<Path> candidates, Instant at) {
    SortedMap<String, Path> files = new TreeMap<>();
    for (Path candidate : candidates) {
      Path file = home.inside(candidate);
      if (Files.isRegularFile(file)) {
        files.put(home.root().relativize(file).toString().replace('\\', '/'), file);
      }
    }
    Path target = path(home, runId);
    Output.PendingFile out = home.output().create(target);
    try {
      ObjectNode manifest = CanonicalJson.object();
      manifest.put("kind", "testops.bundle");
      manifest.put("schema_version", 1);
      manifest.put("run_id", runId);
      var entries = manifest.putArray("files");
      try (out;
          var tar = new TarArchiveOutputStream(new GZIPOutputStream(out.stream()))) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (var file : files.entrySet()) {
          byte[] bytes = Files.readAllBytes(file.getValue());
          add(tar, file.getKey(), bytes, at);
          ObjectNode entry = entries.addObject();
          entry.put("path", file.getKey());
          entry.put("size_bytes", bytes.length);
          entry.put("sha256", Digests.sha256Hex(bytes));
        }
        add(tar, "manifest.json", CanonicalJson.pretty(manifest), at);
      }
      out.commit();
      return target;
    } catch (IOException e) {
      out.abort();
      throw new TestOpsException.StorageFailure("cannot write bundle " + target + ": " + e, e);
    }
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] bytes, Instant at)
      throws IOException {
    var entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    entry.setModTime(Date.from(at));
    entry.setMode(0100644);
    entry.setIds(0, 0);
    entry.setNames("testops", "testops");
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
