package dev.testops.core.snapshot;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One Zstandard frame (RFC 8878) at level {@value #LEVEL} with a content checksum, compressed as
 * the chunks arrive, on the writer's thread: at this level zstd outruns the simulation that feeds
 * it, so it needs no worker threads. The frame holds no time or size that could differ between
 * runs; the same records, handed over in the same chunks, give the same bytes (zstd's output is
 * fixed by its version and parameters, and both are pinned). A file cut short anywhere fails to
 * decode: the frame is unfinished or its checksum is missing.
 */
final class ZstdFraming implements RecordsFraming {
  /** The compression level: measured against gzip and LZ4 (README, Speed). */
  static final int LEVEL = 1;

  private ZstdOutputStream zstd;

  @Override
  public byte[] encode(byte[] records) {
    return records;
  }

  @Override
  public void start(OutputStream file) throws IOException {
    // Ending the frame must not close the file: its owner does, after a failure too.
    zstd = new ZstdOutputStream(new KeepOpen(file), LEVEL).setChecksum(true);
  }

  @Override
  public void write(byte[] records, byte[] piece) throws IOException {
    zstd.write(records);
  }

  @Override
  public void end() throws IOException {
    zstd.close();
  }

  /** A stream of the records in a zstd file, checking the frame's checksum at its end. */
  static InputStream decoder(InputStream raw) throws IOException {
    return new ZstdInputStream(raw);
  }

  /** Passes writes through and ignores {@code close}. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
