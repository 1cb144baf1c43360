package dev.testops.core.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One ordinary gzip member whose deflate data is made in pieces, as pigz does: each chunk's records
 * are deflated by their own deflater at {@link Deflater#BEST_SPEED} and ended with a sync flush
 * (byte-aligned, not marked last). Such pieces join into one valid deflate stream; the trailer is a
 * final empty block, the CRC-32 and the length. Readers see a single member, so a file cut short
 * anywhere fails to decompress.
 */
final class GzipFraming implements RecordsFraming {
  /** Magic, deflate, no flags, no time, no extra flags, unknown OS (RFC 1952). */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /** An empty fixed-Huffman block marked last: ends the deflate stream (RFC 1951, 3.2.6). */
  private static final byte[] FINAL_BLOCK = {0x03, 0x00};

  private final CRC32 crc = new CRC32();
  private OutputStream file;
  private long length;

  @Override
  public void start(OutputStream file) throws IOException {
    this.file = file;
    file.write(HEADER);
  }

  @Override
  public byte[] encode(byte[] records) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      deflater.setInput(records);
      // Records JSON deflates to about a quarter; a third leaves room, so the buffer rarely grows.
      byte[] piece = new byte[records.length / 3 + 64];
      int used = 0;
      while (true) {
        used += deflater.deflate(piece, used, piece.length - used, Deflater.SYNC_FLUSH);
        // Space left over means the flush is complete (zlib fills the buffer otherwise).
        if (used < piece.length) {
          return Arrays.copyOf(piece, used);
        }
        piece = Arrays.copyOf(piece, piece.length * 2);
      }
    } finally {
      deflater.end();
    }
  }

  @Override
  public void write(byte[] records, byte[] piece) throws IOException {
    file.write(piece);
    crc.update(records);
    length += records.length;
  }

  @Override
  public void end() throws IOException {
    file.write(FINAL_BLOCK);
    writeIntLittleEndian((int) crc.getValue());
    // ISIZE: the uncompressed length modulo 2^32 (RFC 1952).
    writeIntLittleEndian((int) length);
  }

  private void writeIntLittleEndian(int value) throws IOException {
    file.write(value);
    file.write(value >>> 8);
    file.write(value >>> 16);
    file.write(value >>> 24);
  }
}
