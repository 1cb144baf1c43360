package dev.testops.core.snapshot;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.Sha256;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Reads a records file line by line while hashing what it reads, so a caller can check the stored
 * checksum once it reaches the end. A truncated or damaged file is reported as corrupt.
 */
public final class RecordsReader implements AutoCloseable {
  private final Path file;
  private final BufferedReader reader;
  private final MessageDigest digest = Sha256.newDigest();
  private long lines;

  /**
   * Opens a records file.
   *
   * @throws TestOpsException.NotFound when it does not exist
   * @throws TestOpsException.CorruptArtifact when it is not gzip
   */
  public RecordsReader(Path file) {
    this.file = file;
    try {
      InputStream raw = Files.newInputStream(file);
      try {
        var unzipped = new DigestInputStream(new GZIPInputStream(raw, 1 << 16), digest);
        this.reader = new BufferedReader(new InputStreamReader(unzipped, StandardCharsets.UTF_8));
      } catch (IOException e) {
        raw.close();
        throw e;
      }
    } catch (NoSuchFileException e) {
      throw new TestOpsException.NotFound("records file missing: " + file);
    } catch (IOException e) {
      throw corrupt(e);
    }
  }

  /** Returns the next record line (without its newline), or {@code null} at the end. */
  public String next() {
    try {
      String line = reader.readLine();
      if (line != null) {
        lines++;
      }
      return line;
    } catch (IOException e) {
      throw corrupt(e);
    }
  }

  /** The number of lines read so far. */
  public long lines() {
    return lines;
  }

  /**
   * Reads to the end and returns the lowercase hex SHA-256 of the uncompressed content.
   *
   * @throws TestOpsException.CorruptArtifact when the file is damaged
   */
  public String drainAndHash() {
    while (next() != null) {
      // Reading drives the digest.
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw corrupt(e);
    }
  }

  private TestOpsException corrupt(IOException e) {
    return new TestOpsException.CorruptArtifact(
        "records file " + file + " is damaged or truncated (" + e.getMessage() + ")", e);
  }
}
