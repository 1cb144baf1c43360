package dev.testops.core.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * How the bytes of a records file are encoded. The snapshot names it ({@code records.format}) and
 * the file's name ends with its {@link #fileSuffix}; a reader tells them apart by their first
 * bytes, so every records file ever written stays readable whatever the snapshot says.
 *
 * <p>Every codec is deterministic: the same records give the same file bytes on any machine, JVM or
 * thread count (fixed settings, no timestamps, pinned library versions; a golden file checks it).
 */
public enum RecordsCodec {
  /**
   * One Zstandard frame, level 1: the default, chosen by measurement (smaller than gzip, and much
   * cheaper to write than gzip or lz4-java; the README's Speed section has the comparison).
   */
  ZSTD("jsonl+zstd", "jsonl.zst"),

  /**
   * One gzip member (RFC 1952), as the first records files were written; still read and written.
   */
  GZIP("jsonl+gzip", "jsonl.gz"),

  /** The records as they are: no compression. */
  NONE("jsonl", "jsonl");

  /** What {@code testops sim} writes. */
  public static final RecordsCodec DEFAULT = ZSTD;

  /** The zstd frame magic number 0xFD2FB528, little-endian (RFC 8878). */
  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

  private final String format;
  private final String fileSuffix;

  RecordsCodec(String format, String fileSuffix) {
    this.format = format;
    this.fileSuffix = fileSuffix;
  }

  /** The snapshot's {@code records.format} value, e.g. {@code jsonl+zstd}. */
  public String format() {
    return format;
  }

  /** What the records file's name ends with, after {@code .records.}, e.g. {@code jsonl.zst}. */
  public String fileSuffix() {
    return fileSuffix;
  }

  /**
   * The codec named on the command line or in a snapshot: its name ({@code zstd}) or its format
   * ({@code jsonl+zstd}), in any case.
   *
   * @throws IllegalArgumentException naming the known codecs
   */
  public static RecordsCodec of(String name) {
    for (RecordsCodec codec : values()) {
      if (codec.name().equalsIgnoreCase(name) || codec.format.equalsIgnoreCase(name)) {
        return codec;
      }
    }
    throw new IllegalArgumentException(
        "unknown records codec '"
            + name
            + "'; known: "
            + Arrays.toString(values()).toLowerCase(Locale.ROOT));
  }

  /** A new framing for one file: not thread-safe, except {@link RecordsFraming#encode}. */
  public RecordsFraming newFraming() {
    return switch (this) {
      case ZSTD -> new ZstdFraming();
      case GZIP -> new GzipFraming();
      case NONE -> new PlainFraming();
    };
  }

  /**
   * The codec a file starting with these bytes was written with: gzip and zstd by their magic
   * numbers, plain records by their opening brace (or an empty file).
   *
   * @param head the file's first bytes, up to 4
   * @throws IllegalArgumentException when the bytes are none of them
   */
  static RecordsCodec detect(byte[] head, int length) {
    if (length >= 2 && head[0] == (byte) 0x1f && head[1] == (byte) 0x8b) {
      return GZIP;
    }
    if (length >= 4 && Arrays.equals(head, 0, 4, ZSTD_MAGIC, 0, 4)) {
      return ZSTD;
    }
    if (length == 0 || head[0] == '{') {
      return NONE;
    }
    throw new IllegalArgumentException("not gzip, zstd or JSON lines");
  }

  /** Wraps a file's bytes (from its first byte) in a stream of the records they encode. */
  InputStream decoder(InputStream raw) throws IOException {
    return switch (this) {
      case ZSTD -> ZstdFraming.decoder(raw);
      case GZIP -> new GZIPInputStream(raw, 1 << 16);
      case NONE -> raw;
    };
  }
}
