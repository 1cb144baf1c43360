package dev.testops.core.snapshot;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.AtomicFiles;
import dev.testops.core.artifact.Sha256;
import dev.testops.core.sim.Chunk;
import dev.testops.core.sim.ChunkSink;
import dev.testops.core.sim.RecordsEncoder;
import dev.testops.core.sim.SimMetrics;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Streams a simulation's records to a gzip file while hashing the records and the dataset and
 * merging the metrics, so nothing is held in memory but the chunks in flight. The file is written
 * to a temporary path; {@link #commit} moves it into place, {@link #abort} removes it.
 *
 * <p>The file is one ordinary gzip member, but its deflate data is made in pieces, as pigz does: as
 * a {@link RecordsEncoder}, the writer has each chunk's records deflated on the simulation's worker
 * threads, each by its own deflater and ended with a sync flush (byte-aligned, not marked last).
 * Such pieces join into one valid deflate stream, so this sink only writes them in order, then a
 * final empty block and the gzip trailer. (Compressing on the sink's single thread made it the
 * bottleneck of the whole run.) Readers see a single member, so a file cut short anywhere fails to
 * decompress, as before.
 */
public final class RecordsWriter implements ChunkSink, RecordsEncoder, AutoCloseable {
  /** Magic, deflate, no flags, no time, no extra flags, unknown OS (RFC 1952). */
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /** An empty fixed-Huffman block marked last: ends the deflate stream (RFC 1951, 3.2.6). */
  private static final byte[] FINAL_BLOCK = {0x03, 0x00};

  private final Path target;
  private final Path temp;
  private final OutputStream out;
  private final CRC32 crc = new CRC32();
  private final MessageDigest recordsDigest = Sha256.newDigest();
  private final MessageDigest datasetDigest = Sha256.newDigest();
  private final SimMetrics metrics = new SimMetrics();
  private long recordCount;
  private long uncompressedBytes;
  private boolean closed;

  /** Opens a temporary file beside the target. */
  public RecordsWriter(Path target) {
    this.target = target;
    this.temp = AtomicFiles.temporaryBeside(target);
    OutputStream file = null;
    try {
      file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
      file.write(GZIP_HEADER);
    } catch (IOException e) {
      closeQuietly(file);
      AtomicFiles.deleteQuietly(temp);
      throw new TestOpsException.StorageFailure("cannot write " + temp + ": " + e.getMessage(), e);
    }
    this.out = file;
  }

  /**
   * Deflates one chunk's records at {@link Deflater#BEST_SPEED} into a piece of raw deflate data
   * that ends on a byte boundary without a last block, ready to be joined to the others. Called on
   * the worker threads; thread-safe.
   */
  @Override
  public byte[] encodeRecords(byte[] records) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      deflater.setInput(records);
      // Records JSON deflates to about a quarter; a third leaves room, so the buffer rarely grows.
      byte[] piece = new byte[records.length / 3 + 64];
      int length = 0;
      while (true) {
        length += deflater.deflate(piece, length, piece.length - length, Deflater.SYNC_FLUSH);
        // Space left over means the flush is complete (zlib fills the buffer otherwise).
        if (length < piece.length) {
          return Arrays.copyOf(piece, length);
        }
        piece = Arrays.copyOf(piece, piece.length * 2);
      }
    } finally {
      deflater.end();
    }
  }

  @Override
  public void accept(Chunk chunk) {
    byte[] records = chunk.records();
    // A chunk made without this encoder (Simulation always uses it) is deflated here instead.
    byte[] piece = chunk.encodedRecords() != null ? chunk.encodedRecords() : encodeRecords(records);
    try {
      out.write(piece);
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot write " + temp + ": " + e.getMessage(), e);
    }
    crc.update(records);
    uncompressedBytes += records.length;
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

  /**
   * Removes the temporary file (after a failure). Never throws, so the failure that led here is the
   * one reported.
   */
  public void abort() {
    if (!closed) {
      closed = true;
      closeQuietly(out);
    }
    AtomicFiles.deleteQuietly(temp);
  }

  /** Ends the deflate stream, writes the gzip trailer and closes the file; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (out) {
      out.write(FINAL_BLOCK);
      writeIntLittleEndian((int) crc.getValue());
      // ISIZE: the uncompressed length modulo 2^32 (RFC 1952).
      writeIntLittleEndian((int) uncompressedBytes);
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot finish " + temp + ": " + e.getMessage(), e);
    }
  }

  private void writeIntLittleEndian(int value) throws IOException {
    out.write(value);
    out.write(value >>> 8);
    out.write(value >>> 16);
    out.write(value >>> 24);
  }

  private static void closeQuietly(OutputStream stream) {
    if (stream == null) {
      return;
    }
    try {
      stream.close();
    } catch (IOException e) {
      // Already failing or aborting: the earlier error is the one worth reporting.
    }
  }
}
