package dev.testops.core.canonical;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes canonical JSON lines straight into a growing byte buffer, for hot paths where building a
 * tree per line and serialising it through Jackson costs more than the work being recorded. The
 * bytes are exactly those of {@link CanonicalJson#line} followed by {@code \n}, provided the caller
 * writes each object's keys in sorted ({@link String#compareTo}) order; tests compare the two.
 *
 * <p>Strings are encoded as the canonical path encodes them, via {@link String#getBytes} in UTF-8
 * (so an unpaired surrogate becomes {@code ?}), then escaped as Jackson escapes: {@code \"}, {@code
 * \\}, {@code \b \t \n \f \r}, other control characters as {@code \}{@code u00XX}; nothing else.
 * Objects and arrays nest at most 63 deep. Not thread-safe.
 */
public final class LineWriter {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGHS = 0x8080_8080_8080_8080L;
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  private byte[] buffer;
  private int size;
  private int depth;

  /** Bit d set: the container at depth d has an entry, so the next one needs a comma. */
  private long hasEntry;

  private boolean afterName;
  private int lines;

  /** A key, encoded once: quotes and colon included. */
  public static final class Key {
    private final byte[] bytes;

    private Key(String name) {
      var writer = new LineWriter(name.length() + 8);
      writer.string(name);
      writer.put((byte) ':');
      this.bytes = writer.toByteArray();
    }
  }

  /** A string value used over and over (a name from a fixed set), encoded once: quotes included. */
  public static final class Text {
    private final byte[] bytes;

    private Text(String value) {
      this.bytes = new LineWriter(value.length() + 8).string(value).toByteArray();
    }
  }

  /** Creates a writer whose buffer starts at {@code initialBytes} and grows as needed. */
  public LineWriter(int initialBytes) {
    buffer = new byte[Math.max(initialBytes, 64)];
  }

  /** Encodes a key for {@link #name}; keep it in a constant. */
  public static Key key(String name) {
    return new Key(name);
  }

  /** Encodes a string value for {@link #string(Text)}; keep it in a constant. */
  public static Text text(String value) {
    return new Text(value);
  }

  /** Opens an object. */
  public LineWriter startObject() {
    beforeValue();
    return open((byte) '{');
  }

  /** Closes the innermost object. */
  public LineWriter endObject() {
    return close((byte) '}');
  }

  /** Opens an array. */
  public LineWriter startArray() {
    beforeValue();
    return open((byte) '[');
  }

  /** Closes the innermost array. */
  public LineWriter endArray() {
    return close((byte) ']');
  }

  /** Writes a key; keys of one object must come in sorted order. */
  public LineWriter name(Key key) {
    comma();
    put(key.bytes, key.bytes.length);
    afterName = true;
    return this;
  }

  /** Writes a string value. */
  public LineWriter string(String value) {
    beforeValue();
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    ensure(utf8.length + 2);
    buffer[size++] = '"';
    if (needsEscaping(utf8)) {
      escape(utf8);
    } else {
      System.arraycopy(utf8, 0, buffer, size, utf8.length);
      size += utf8.length;
    }
    buffer[size++] = '"';
    return this;
  }

  /** Writes a string value encoded beforehand. */
  public LineWriter string(Text value) {
    beforeValue();
    put(value.bytes, value.bytes.length);
    return this;
  }

  /** Writes an integer value. */
  public LineWriter number(long value) {
    beforeValue();
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        return ascii(Long.toString(value));
      }
      put((byte) '-');
      value = -value;
    }
    // Digits straight into the buffer, last first: no String per number.
    int digits = 1;
    for (long rest = value / 10; rest != 0; rest /= 10) {
      digits++;
    }
    ensure(digits);
    size += digits;
    for (int i = size - 1; i >= size - digits; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return this;
  }

  /** Writes a fraction as {@link CanonicalJson#decimal} renders it. */
  public LineWriter decimal(double value) {
    beforeValue();
    return ascii(CanonicalJson.decimalText(value));
  }

  /** Writes a boolean value. */
  public LineWriter bool(boolean value) {
    beforeValue();
    byte[] text = value ? TRUE : FALSE;
    put(text, text.length);
    return this;
  }

  /** Ends the current line, which must hold one complete value. */
  public LineWriter endLine() {
    if (depth != 0) {
      throw new IllegalStateException("line ended inside an object or array");
    }
    put((byte) '\n');
    lines++;
    return this;
  }

  /** The number of lines ended so far. */
  public int lines() {
    return lines;
  }

  /** A copy of everything written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private LineWriter open(byte bracket) {
    put(bracket);
    depth++;
    hasEntry &= ~(1L << depth);
    return this;
  }

  private LineWriter close(byte bracket) {
    put(bracket);
    depth--;
    return this;
  }

  /** Writes the comma a value needs in an array; a value after a key or at the top needs none. */
  private void beforeValue() {
    if (afterName) {
      afterName = false;
    } else if (depth > 0) {
      comma();
    }
  }

  private void comma() {
    long bit = 1L << depth;
    if ((hasEntry & bit) != 0) {
      put((byte) ',');
    }
    hasEntry |= bit;
  }

  /**
   * Whether any byte is a control character, a quote or a backslash. Checks eight bytes at a time
   * with the classic "has a byte less than n" and "has a zero byte" word tricks ({@code (x -
   * 0x01..) & ~x & 0x80..} flags a byte below 1, i.e. zero; {@code x ^ c} turns a byte equal to
   * {@code c} into zero). A borrow can flag bytes above a true match but never flags a word without
   * one, so the answer is exact. Bytes of multi-byte UTF-8 sequences (high bit set) never match, as
   * they never need escaping.
   */
  static boolean needsEscaping(byte[] utf8) {
    int i = 0;
    for (; i + Long.BYTES <= utf8.length; i += Long.BYTES) {
      long word = (long) LONGS.get(utf8, i);
      long below20 = word - ONES * 0x20;
      long quoteZero = (word ^ ONES * '"') - ONES;
      long backslashZero = (word ^ ONES * '\\') - ONES;
      // One mask serves all three: ~word, ~(word ^ c) agree on every high bit.
      if (((below20 | quoteZero | backslashZero) & ~word & HIGHS) != 0) {
        return true;
      }
    }
    for (; i < utf8.length; i++) {
      byte b = utf8[i];
      if ((b >= 0 && b < 0x20) || b == '"' || b == '\\') {
        return true;
      }
    }
    return false;
  }

  private void escape(byte[] utf8) {
    for (byte b : utf8) {
      ensure(6);
      if (b == '"' || b == '\\') {
        buffer[size++] = '\\';
        buffer[size++] = b;
      } else if (b >= 0 && b < 0x20) {
        buffer[size++] = '\\';
        switch (b) {
          case '\b' -> buffer[size++] = 'b';
          case '\t' -> buffer[size++] = 't';
          case '\n' -> buffer[size++] = 'n';
          case '\f' -> buffer[size++] = 'f';
          case '\r' -> buffer[size++] = 'r';
          default -> {
            buffer[size++] = 'u';
            buffer[size++] = '0';
            buffer[size++] = '0';
            buffer[size++] = HEX[b >> 4];
            buffer[size++] = HEX[b & 0xF];
          }
        }
      } else {
        buffer[size++] = b;
      }
    }
  }

  private LineWriter ascii(String text) {
    int length = text.length();
    ensure(length);
    // Digits, sign and point only: one byte per char.
    for (int i = 0; i < length; i++) {
      buffer[size++] = (byte) text.charAt(i);
    }
    return this;
  }

  private void put(byte b) {
    ensure(1);
    buffer[size++] = b;
  }

  private void put(byte[] bytes, int length) {
    ensure(length);
    System.arraycopy(bytes, 0, buffer, size, length);
    size += length;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
