package dev.testops.core.sim;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.Channel;
import dev.testops.core.artifact.Output;
import dev.testops.core.artifact.Sha256;
import dev.testops.core.snapshot.RecordsCodec;
import dev.testops.core.snapshot.RecordsFraming;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Streams a simulation's records to a file, in a {@link RecordsCodec}, while hashing the records
 * and the dataset and merging the metrics, so nothing is held in memory but the chunks in flight.
 * The file is written to a temporary path; {@link #commit} moves it into place, {@link #abort}
 * removes it.
 *
 * <p>As a {@link RecordsEncoder}, the writer lets a codec encode each chunk's records on the
 * simulation's worker threads (gzip does: deflate on the sink's single thread made it the
 * bottleneck of the whole run); zstd at level 1 is fast enough to compress on the sink thread, as
 * one stream (see {@link RecordsFraming}).
 */
public final class RecordsWriter implements ChunkSink, RecordsEncoder, AutoCloseable {
  private final Output output;
  private final Output.PendingFile file;
  private final RecordsFraming framing;
  private final MessageDigest recordsDigest = Sha256.newDigest();
  private final MessageDigest datasetDigest = Sha256.newDigest();
  private final SimMetrics metrics = new SimMetrics();
  private long recordCount;
  private boolean closed;

  /**
   * Opens a temporary file beside the target, to be written in the given codec; the records pass
   * through the output's filter chunk by chunk, before they are hashed and encoded.
   */
  public RecordsWriter(Output output, Path target, RecordsCodec codec) {
    this.output = output;
    this.framing = codec.newFraming();
    this.file = output.create(target);
    try {
      framing.start(file.stream());
    } catch (IOException e) {
      file.abort();
      throw new TestOpsException.StorageFailure(
          "cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Encodes one chunk's records into a piece of the file, ready to be joined to the others (or
   * returns them as they are, for a codec that compresses as it writes). Called on the worker
   * threads; thread-safe.
   */
  @Override
  public byte[] encodeRecords(byte[] records) {
    return framing.encode(output.bytes(Channel.RECORDS, records));
  }

  @Override
  public void accept(Chunk chunk) {
    byte[] records = output.bytes(Channel.RECORDS, chunk.records());
    // A chunk made without this encoder (Simulation always uses it) is encoded here instead.
    byte[] piece =
        chunk.encodedRecords() != null ? chunk.encodedRecords() : framing.encode(records);
    try {
      framing.write(records, piece);
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure(
          "cannot write " + file.target() + ": " + e.getMessage(), e);
    }
    recordsDigest.update(records);
    datasetDigest.update(chunk.dataset());
    recordCount += chunk.recordCount();
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

  /** Finishes the file and returns the lowercase hex SHA-256 of the records written. */
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
    file.commit();
  }

  /**
   * Removes the temporary file (after a failure). Never throws, so the failure that led here is the
   * one reported.
   */
  public void abort() {
    closed = true;
    file.abort();
  }

  /** Ends the codec's stream (trailer, checksums) and closes the file; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (file) {
      framing.end();
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure(
          "cannot finish " + file.target() + ": " + e.getMessage(), e);
    }
  }
}
