package dev.testops.core.artifact;

import dev.testops.core.TestOpsException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that they appear whole or not at all; used by {@link Output}, the one way out.
 * Only deleting is open to other packages.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes the bytes to a temporary file beside the target, then moves it into place.
   *
   * @throws TestOpsException.StorageFailure when the file cannot be written
   */
  static void write(Path target, byte[] bytes) {
    Path temp = temporaryBeside(target);
    try {
      Files.write(temp, bytes);
      moveIntoPlace(temp, target);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new TestOpsException.StorageFailure(
          "cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the parent folders and returns a fresh temporary path beside the target (in the same
   * folder, so the final move is atomic).
   */
  static Path temporaryBeside(Path target) {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      return Files.createTempFile(
          target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".tmp");
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure(
          "cannot create a file beside " + target + ": " + e.getMessage(), e);
    }
  }

  /** Moves a finished temporary file onto its target, atomically where the file system can. */
  static void moveIntoPlace(Path temp, Path target) throws IOException {
    // Temporary files are created owner-only; a finished artifact is readable like any other.
    if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes a file if it exists, ignoring failures (used to clean up after an error). */
  public static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Best effort: the original error is the one worth reporting.
    }
  }
}
