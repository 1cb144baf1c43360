package dev.testops.core.artifact;

import dev.testops.core.TestOpsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The TestOps home folder and the artifact paths under it. Paths built from user input are resolved
 * under the home only; anything that would escape it is refused. Everything written under it goes
 * through {@link #output()}.
 */
public record ArtifactHome(Path root, OutputFilter filter) {

  /** Normalises the root to an absolute path. */
  public ArtifactHome {
    root = root.toAbsolutePath().normalize();
    java.util.Objects.requireNonNull(filter, "filter");
  }

  /** A home whose output is let through unchanged. */
  public ArtifactHome(Path root) {
    this(root, OutputFilter.NONE);
  }

  /** The same home with a filter in front of everything written or streamed under it. */
  public ArtifactHome withFilter(OutputFilter value) {
    return new ArtifactHome(root, value);
  }

  /** The one way out for what runs write or stream under this home. */
  public Output output() {
    return new Output(filter);
  }

  /** {@code snapshots/} */
  public Path snapshots() {
    return root.resolve("snapshots");
  }

  /** {@code reports/} */
  public Path reports() {
    return root.resolve("reports");
  }

  /** {@code engines/}: plugin jars with more engines. */
  public Path engines() {
    return root.resolve("engines");
  }

  /** {@code snapshots/run-<id>.json} */
  public Path snapshot(String runId) {
    return inside(snapshots().resolve("run-" + runId + ".json"));
  }

  /**
   * {@code snapshots/run-<id>.records.<suffix>}: the per-request records of a run, e.g. {@code
   * jsonl.zst} (older runs: {@code jsonl.gz}; the snapshot names its file).
   */
  public Path records(String runId, String suffix) {
    return inside(snapshots().resolve("run-" + runId + ".records." + suffix));
  }

  /**
   * Resolves a path under the home.
   *
   * @throws TestOpsException.InvalidInput when the path would leave the home
   */
  public Path inside(Path path) {
    Path resolved = root.resolve(path).normalize();
    if (!resolved.startsWith(root)) {
      throw new TestOpsException.InvalidInput("path escapes the TestOps home: " + path);
    }
    return resolved;
  }

  /**
   * The existing regular file at a path under the home, for reading. Symbolic links are followed
   * only as far as they stay under the home: a link anywhere on the way that leads out of it is
   * treated as no file at all.
   *
   * @param path a path relative to the home (as the store records artifacts)
   * @throws TestOpsException.InvalidInput when the path would leave the home
   * @throws TestOpsException.NotFound when there is no regular file there, or it lies outside the
   *     home once links are resolved
   */
  public Path existing(Path path) {
    Path resolved = inside(path);
    try {
      Path real = resolved.toRealPath();
      if (real.startsWith(root.toRealPath()) && Files.isRegularFile(real)) {
        return real;
      }
    } catch (IOException e) {
      // missing, or unreadable: reported as not found below
    }
    throw new TestOpsException.NotFound("no file " + path + " under the TestOps home");
  }
}
