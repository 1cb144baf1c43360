package dev.testops.core.snapshot;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.AtomicFiles;
import dev.testops.core.artifact.Sha256;
import dev.testops.core.sim.Chunk;
import dev.testops.core.sim.ChunkSink;
import dev.testops.core.sim.SimMetrics;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * Streams a simulation's records to a gzip file while hashing the records and the dataset and
 * merging the metrics, so nothing is held in memory but the chunks in flight. The file is written
 * to a temporary path; {@link #commit} moves it into place, {@link #abort} removes it.
 */
public final class RecordsWriter implements ChunkSink, AutoCloseable {
  private final Path target;
  private final Path temp;
  private final OutputStream out;
  private final MessageDigest recordsDigest = Sha256.newDigest();
  private final MessageDigest datasetDigest = Sha256.newDigest();
  private final SimMetrics metrics = new SimMetrics();
  private long recordCount;
  private boolean closed;

  /** Opens a temporary file beside the target. */
  public RecordsWriter(Path target) {
    this.target = target;
    this.temp = AtomicFiles.temporaryBeside(target);
    try {
      this.out =
          new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)), 1 << 16);
    } catch (IOException e) {
      AtomicFiles.deleteQuietly(temp);
      throw new TestOpsException.StorageFailure("cannot write " + temp + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void accept(Chunk chunk) {
    try {
      out.write(chunk.records());
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot write " + temp + ": " + e.getMessage(), e);
    }
    recordsDigest.update(chunk.records());
    datasetDigest.update(chunk.dataset());
    for (byte b : chunk.records()) {
      if (b == '\n') {
        recordCount++;
      }
    }
    metrics.merge(chunk.metrics());
  }

  /** The merged metrics of every chunk accepted so far. */
  public SimMetrics metrics() {
    return metrics;
  }

  /** The number of records written. */
  public long recordCount() {
    return recordCount;
  }

  /** Finishes the gzip stream and returns the lowercase hex SHA-256 of the records written. */
  public String finish() {
    close();
    return HexFormat.of().formatHex(recordsDigest.digest());
  }

  /** The lowercase hex SHA-256 of the dataset lines seen; call once, after the last chunk. */
  public String datasetSha256() {
    return HexFormat.of().formatHex(datasetDigest.digest());
  }

  /** Moves the finished file onto its target. */
  public void commit() {
    try {
      AtomicFiles.moveIntoPlace(temp, target);
    } catch (IOException e) {
      abort();
      throw new TestOpsException.StorageFailure("cannot move records into " + target, e);
    }
  }

  /** Removes the temporary file (after a failure). */
  public void abort() {
    close();
    AtomicFiles.deleteQuietly(temp);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot finish " + temp + ": " + e.getMessage(), e);
    }
  }
}
