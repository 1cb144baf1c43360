package dev.testops.enginehttp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * Reads HTTP/1.1 responses off one connection, byte buffer by byte buffer, as a client needs them:
 * the status, and the body of a {@code 200} (others' bodies are skipped, unless it is made to keep
 * every body). Framing as RFC 9112 §6.3 has it for a client: no body for 1xx (skipped whole), 204
 * and 304; else chunked, else {@code Content-Length}, else until the connection closes. It replaces
 * Netty's {@code HttpResponseDecoder}, which builds header maps and message objects per response
 * that the generator never reads. Not thread-safe: one connection's event loop only.
 */
public final class ResponseReader {
  /** The most bytes of status line and headers (Netty's decoder allowed 4,096 + 8,192). */
  public static final int MAX_HEAD_BYTES = 12 * 1024;

  private static final int HEAD = 0;
  private static final int FIXED = 1;
  private static final int CHUNK_SIZE = 2;
  private static final int CHUNK_DATA = 3;
  private static final int CHUNK_END = 4;
  private static final int TRAILERS = 5;
  private static final int UNTIL_CLOSE = 6;
  private static final int MAX_CHUNK_LINE = 1024;

  private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
  private static final AsciiString TRANSFER_ENCODING = AsciiString.cached("transfer-encoding");
  private static final AsciiString CHUNKED = AsciiString.cached("chunked");
  private static final AsciiString HTTP_1 = AsciiString.cached("HTTP/1.");

  /** A response that breaks HTTP/1.1 framing. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private final boolean everyBody;
  private int state = HEAD;
  private int status;
  private long remaining;
  // The body of a 200 so far, when it does not arrive in one buffer.
  private ByteBuf body;

  /** A reader that keeps the body of a {@code 200} only, as a load generator needs. */
  public ResponseReader() {
    this(false);
  }

  /**
   * A reader that keeps the body of every response when {@code everyBody} (a client that reports
   * the server's error messages), else of a {@code 200} only.
   */
  public ResponseReader(boolean everyBody) {
    this.everyBody = everyBody;
  }

  /** The status of the response being read, once its head is read; 0 before. */
  public int status() {
    return status;
  }

  /**
   * Consumes bytes of the response from {@code in} and returns true when the whole response has
   * been read; {@link #takeBody} then gives its body. Bytes it cannot use yet (part of a line) stay
   * readable in {@code in}, for the caller to keep and offer again with what follows.
   *
   * @throws Malformed when the bytes are not an HTTP/1.1 response, or a body is over the limit
   */
  public boolean read(ByteBuf in, ByteBufAllocator alloc, int maxBodyBytes) throws Malformed {
    while (true) {
      switch (state) {
        case HEAD -> {
          int end = indexOfEndOfHead(in);
          if (end < 0) {
            if (in.readableBytes() > MAX_HEAD_BYTES) {
              throw new Malformed("response head over " + MAX_HEAD_BYTES + " bytes");
            }
            return false;
          }
          if (head(in, end)) {
            return true;
          }
        }
        case FIXED, CHUNK_DATA, UNTIL_CLOSE -> {
          int n = (int) Math.min(remaining, in.readableBytes());
          if (status == 200 || everyBody) {
            if (body == null) {
              body = alloc.heapBuffer(Math.min(n, maxBodyBytes));
            }
            if (body.readableBytes() + n > maxBodyBytes) {
              throw new Malformed("response body over " + maxBodyBytes + " bytes");
            }
            body.writeBytes(in, n);
          } else {
            in.skipBytes(n);
          }
          if (state != UNTIL_CLOSE) {
            remaining -= n;
          }
          if (remaining > 0 || state == UNTIL_CLOSE) {
            return false;
          }
          if (state == FIXED) {
            return done();
          }
          state = CHUNK_END;
        }
        case CHUNK_SIZE -> {
          String line = line(in);
          if (line == null) {
            return false;
          }
          int extension = line.indexOf(';');
          String size = (extension >= 0 ? line.substring(0, extension) : line).trim();
          try {
            remaining = Long.parseLong(size, 16);
          } catch (NumberFormatException e) {
            throw new Malformed("bad chunk size '" + size + "'");
          }
          if (remaining < 0) {
            throw new Malformed("bad chunk size '" + size + "'");
          }
          state = remaining == 0 ? TRAILERS : CHUNK_DATA;
        }
        case CHUNK_END -> {
          String line = line(in);
          if (line == null) {
            return false;
          }
          if (!line.isEmpty()) {
            throw new Malformed("chunk not followed by CRLF");
          }
          state = CHUNK_SIZE;
        }
        case TRAILERS -> {
          String line = line(in);
          if (line == null) {
            return false;
          }
          if (line.isEmpty()) {
            return done();
          }
        }
        default -> throw new IllegalStateException("state " + state);
      }
    }
  }

  /**
   * Reads the head ending at {@code end} (the index of its blank line's CRLF CRLF); returns true
   * when the response has no body and so is complete.
   */
  private boolean head(ByteBuf in, int end) throws Malformed {
    int start = in.readerIndex();
    int lineEnd = in.indexOf(start, end + 2, (byte) '\r');
    status = parseStatus(in, start, lineEnd);
    long contentLength = -1;
    boolean chunked = false;
    int at = lineEnd + 2;
    while (at < end + 2) {
      int next = in.indexOf(at, end + 2, (byte) '\r');
      int colon = in.indexOf(at, next, (byte) ':');
      if (colon < 0) {
        throw new Malformed("bad header line");
      }
      if (nameIs(in, at, colon, CONTENT_LENGTH)) {
        contentLength = parseLength(in, colon + 1, next);
      } else if (nameIs(in, at, colon, TRANSFER_ENCODING)) {
        // Chunked when it is the last coding (RFC 9112 §6.3).
        int valueEnd = next;
        while (valueEnd > colon + 1 && isSpace(in.getByte(valueEnd - 1))) {
          valueEnd--;
        }
        chunked =
            valueEnd - colon - 1 >= CHUNKED.length() && nameIs(in, valueEnd - 7, valueEnd, CHUNKED);
      }
      at = next + 2;
    }
    in.readerIndex(end + 4);
    if (status >= 100 && status < 200) {
      // An interim response (100 Continue): the real one follows.
      status = 0;
      return false;
    }
    if (status == 204 || status == 304) {
      return done();
    }
    if (chunked) {
      state = CHUNK_SIZE;
    } else if (contentLength >= 0) {
      state = FIXED;
      remaining = contentLength;
      if (remaining == 0) {
        return done();
      }
    } else {
      state = UNTIL_CLOSE;
      remaining = Long.MAX_VALUE;
    }
    return false;
  }

  /** The code of a status line {@code HTTP/1.x NNN[ reason]} in {@code [start, end)}. */
  private static int parseStatus(ByteBuf in, int start, int end) throws Malformed {
    boolean ok = end - start >= 12 && (end - start == 12 || in.getByte(start + 12) == ' ');
    for (int i = 0; ok && i < HTTP_1.length(); i++) {
      ok = in.getByte(start + i) == HTTP_1.byteAt(i);
    }
    ok = ok && in.getByte(start + 8) == ' ';
    int code = 0;
    for (int i = 9; ok && i < 12; i++) {
      byte c = in.getByte(start + i);
      ok = c >= '0' && c <= '9';
      code = code * 10 + (c - '0');
    }
    if (!ok) {
      throw new Malformed(
          "bad status line '"
              + in.toString(start, Math.min(end - start, 80), StandardCharsets.ISO_8859_1)
              + "'");
    }
    return code;
  }

  private static long parseLength(ByteBuf in, int from, int to) throws Malformed {
    while (from < to && isSpace(in.getByte(from))) {
      from++;
    }
    while (to > from && isSpace(in.getByte(to - 1))) {
      to--;
    }
    long length = 0;
    for (int i = from; i < to; i++) {
      byte c = in.getByte(i);
      if (c < '0' || c > '9' || length > Integer.MAX_VALUE) {
        throw new Malformed("bad content-length");
      }
      length = length * 10 + (c - '0');
    }
    if (from == to) {
      throw new Malformed("bad content-length");
    }
    return length;
  }

  /** Whether the bytes {@code [from, to)} are the lower-case name, ignoring ASCII case. */
  private static boolean nameIs(ByteBuf in, int from, int to, AsciiString name) {
    if (to - from != name.length()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      byte c = in.getByte(from + i);
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != name.byteAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t';
  }

  /** A CRLF-ended line (without it), consumed; or null when it is not all in yet. */
  private static String line(ByteBuf in) throws Malformed {
    int cr = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
    if (cr < 0 || cr + 1 >= in.writerIndex()) {
      if (in.readableBytes() > MAX_CHUNK_LINE) {
        throw new Malformed("chunk line over " + MAX_CHUNK_LINE + " bytes");
      }
      return null;
    }
    if (in.getByte(cr + 1) != '\n') {
      throw new Malformed("CR without LF");
    }
    String line = in.toString(in.readerIndex(), cr - in.readerIndex(), StandardCharsets.ISO_8859_1);
    in.readerIndex(cr + 2);
    return line;
  }

  private static int indexOfEndOfHead(ByteBuf in) {
    int from = in.readerIndex();
    int to = in.writerIndex() - 3;
    for (int i = in.indexOf(from, in.writerIndex(), (byte) '\r');
        i >= 0 && i < to;
        i = in.indexOf(i + 1, in.writerIndex(), (byte) '\r')) {
      if (in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
        return i;
      }
    }
    return -1;
  }

  private boolean done() {
    state = HEAD;
    return true;
  }

  /** Whether the response being read ends when the connection closes (no length given). */
  public boolean endsAtClose() {
    return state == UNTIL_CLOSE;
  }

  /**
   * The body of the response just read (empty when it had none, or was not a 200 and this reader
   * keeps only those), to release.
   */
  public ByteBuf takeBody(ByteBufAllocator alloc) {
    ByteBuf taken = body != null ? body : alloc.heapBuffer(0);
    body = null;
    status = 0;
    return taken;
  }

  /** Forgets a response read in part (the connection is gone); releases its body. */
  public void reset() {
    if (body != null) {
      body.release();
      body = null;
    }
    state = HEAD;
    status = 0;
    remaining = 0;
  }
}
