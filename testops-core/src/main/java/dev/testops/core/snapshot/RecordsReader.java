package dev.testops.core.snapshot;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.Sha256;
import java.io.BufferedInputStream;
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

/**
 * Reads a records file line by line while hashing what it reads, so a caller can check the stored
 * checksum once it reaches the end. Any {@link RecordsCodec} is read, told apart by the file's
 * first bytes, so files written before the default changed stay readable. A truncated or damaged
 * file is reported as corrupt.
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
   * @throws TestOpsException.CorruptArtifact when it is in no known codec
   */
  public RecordsReader(Path file) {
    this.file = file;
    try {
      InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      try {
        var decoded = new DigestInputStream(codecOf(raw).decoder(raw), digest);
        this.reader = new BufferedReader(new InputStreamReader(decoded, StandardCharsets.UTF_8));
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

  /** Reads which codec the stream holds, leaving it at its first byte. */
  private RecordsCodec codecOf(InputStream raw) throws IOException {
    byte[] head = new byte[4];
    raw.mark(head.length);
    int length = raw.readNBytes(head, 0, head.length);
    raw.reset();
    try {
      return RecordsCodec.detect(head, length);
    } catch (IllegalArgumentException e) {
      throw new TestOpsException.CorruptArtifact(
          "records file " + file + " is damaged or truncated (" + e.getMessage() + ")", e);
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
