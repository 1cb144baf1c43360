package dev.testops.enginehttp;

import dev.testops.engine.EngineResponse;
import dev.testops.engine.Tier;
import dev.testops.enginehttp.WireFormat.MalformedPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hot-path codec for {@code POST /process} of the load generator and the {@code http} engine:
 * requests are streamed straight into one pooled buffer behind pre-encoded headers, and responses
 * are read with a streaming parser into an {@link EngineResponse}, with no JSON tree in between (a
 * plain body, the usual one, by {@link PlainResponseReader} without a parser at all). The bytes and
 * the checks are those of {@link WireFormat} ({@code WireCodecTest} compares them); only the cost
 * differs.
 */
public final class WireCodec {
  // Configured as WireFormat's mapper: duplicate fields are rejected while streaming.
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  // Room for the longest Content-Length value (an int) and the blank line.
  private static final int LENGTH_ROOM = 10 + END_OF_HEADERS.length;
  private static final String[] RESPONSE_FIELDS = {
    "tier", "escalated", "contradictions", "confidence", "latency_us", "answer", "digest", "claims"
  };

  private static final byte[] USER_ID = ascii("{\"user_id\":");
  private static final byte[] TURN = ascii(",\"turn\":");
  private static final byte[] PROMPT = ascii(",\"prompt\":");
  private static final byte[] PRIOR_CLAIMS = ascii(",\"prior_claims\":[");
  private static final byte[] SEED = ascii("],\"seed\":");
  private static final byte[] ESCAPES = escapes();
  private static final byte[] UPPER_HEX = ascii("0123456789ABCDEF");

  // Per thread (an event loop): responses up to this size are parsed from one reused array.
  private static final int SCRATCH_BYTES = 64 * 1024;
  private static final FastThreadLocal<byte[]> SCRATCH =
      new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
          return new byte[SCRATCH_BYTES];
        }
      };

  private final byte[] head;

  /** Pre-encodes the constant request line and headers for the target's {@code Host}. */
  public WireCodec(String hostHeader) {
    this(hostHeader, Routes.PROCESS);
  }

  /**
   * Pre-encodes the constant request line and headers for the target's {@code Host} and the path of
   * its {@code /process} endpoint (a base path, if any, and {@code /process}).
   */
  public WireCodec(String hostHeader, String processPath) {
    head =
        ("POST "
                + processPath
                + " HTTP/1.1\r\nHost: "
                + hostHeader
                + "\r\nContent-Type: application/json\r\nContent-Length: ")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Returns the whole HTTP request in one buffer from the allocator. The body is written after room
   * for the headers, which are then put just before it once its length is known, so the body is
   * neither copied nor encoded twice.
   */
  public ByteBuf request(
      ByteBufAllocator alloc,
      String userId,
      int turn,
      String prompt,
      List<String> priorClaims,
      long seed) {
    int bodyStart = head.length + LENGTH_ROOM;
    ByteBuf buf = alloc.buffer(bodyStart + 256 + prompt.length() * 3);
    buf.writerIndex(bodyStart);
    try {
      if (!writeBody(buf, userId, turn, prompt, priorClaims, seed)) {
        // A lone surrogate: Jackson's generator decides what that is (it rejects it).
        buf.writerIndex(bodyStart);
        writeBodyWithJackson(buf, userId, turn, prompt, priorClaims, seed);
      }
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
    byte[] length =
        Integer.toString(buf.writerIndex() - bodyStart).getBytes(StandardCharsets.US_ASCII);
    int start = bodyStart - head.length - length.length - END_OF_HEADERS.length;
    buf.setBytes(start, head);
    buf.setBytes(start + head.length, length);
    buf.setBytes(start + head.length + length.length, END_OF_HEADERS);
    return buf.readerIndex(start);
  }

  /**
   * Writes the body as Jackson's generator does (the same bytes: {@code WireCodecTest}), without a
   * generator per request. Returns false, having written part of it, when a string holds a lone
   * surrogate.
   */
  private static boolean writeBody(
      ByteBuf buf, String userId, int turn, String prompt, List<String> claims, long seed) {
    buf.writeBytes(USER_ID);
    if (!writeString(buf, userId)) {
      return false;
    }
    buf.writeBytes(TURN);
    ByteBufUtil.writeAscii(buf, Integer.toString(turn));
    buf.writeBytes(PROMPT);
    if (!writeString(buf, prompt)) {
      return false;
    }
    buf.writeBytes(PRIOR_CLAIMS);
    for (int i = 0; i < claims.size(); i++) {
      if (i > 0) {
        buf.writeByte(',');
      }
      if (!writeString(buf, claims.get(i))) {
        return false;
      }
    }
    buf.writeBytes(SEED);
    ByteBufUtil.writeAscii(buf, Long.toString(seed));
    buf.writeByte('}');
    return true;
  }

  /**
   * Writes a JSON string with Jackson's default escapes: {@code \"}, {@code \\}, the short forms of
   * control characters that have one and &#92;u00XX (upper-case hex) for the rest; all other
   * characters as UTF-8. Returns false on a lone surrogate.
   */
  private static boolean writeString(ByteBuf buf, String text) {
    buf.writeByte('"');
    int n = text.length();
    int plain = 0;
    while (plain < n) {
      char c = text.charAt(plain);
      if (c >= 0x80 || ESCAPES[c] != 0) {
        break;
      }
      plain++;
    }
    if (plain == n) {
      ByteBufUtil.writeAscii(buf, text);
      buf.writeByte('"');
      return true;
    }
    ByteBufUtil.writeAscii(buf, text.subSequence(0, plain));
    for (int i = plain; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        int escape = ESCAPES[c];
        if (escape == 0) {
          buf.writeByte(c);
        } else if (escape > 0) {
          buf.writeByte('\\').writeByte(escape);
        } else {
          buf.writeByte('\\').writeByte('u').writeByte('0').writeByte('0');
          buf.writeByte(UPPER_HEX[c >> 4]).writeByte(UPPER_HEX[c & 0xF]);
        }
      } else if (c < 0x800) {
        buf.writeByte(0xC0 | (c >> 6)).writeByte(0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c)
            || i + 1 == n
            || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        int code = Character.toCodePoint(c, text.charAt(++i));
        buf.writeByte(0xF0 | (code >> 18)).writeByte(0x80 | ((code >> 12) & 0x3F));
        buf.writeByte(0x80 | ((code >> 6) & 0x3F)).writeByte(0x80 | (code & 0x3F));
      } else {
        buf.writeByte(0xE0 | (c >> 12)).writeByte(0x80 | ((c >> 6) & 0x3F));
        buf.writeByte(0x80 | (c & 0x3F));
      }
    }
    buf.writeByte('"');
    return true;
  }

  private static void writeBodyWithJackson(
      ByteBuf buf, String userId, int turn, String prompt, List<String> claims, long seed) {
    try (JsonGenerator json = JSON.createGenerator((OutputStream) new ByteBufOutputStream(buf))) {
      json.writeStartObject();
      json.writeStringProperty("user_id", userId);
      json.writeNumberProperty("turn", turn);
      json.writeStringProperty("prompt", prompt);
      json.writeArrayPropertyStart("prior_claims");
      for (String claim : claims) {
        json.writeString(claim);
      }
      json.writeEndArray();
      json.writeNumberProperty("seed", seed);
      json.writeEndObject();
    }
  }

  /** Per ASCII character: 0 as is, a letter for its short escape, -1 for &#92;u00XX. */
  private static byte[] escapes() {
    byte[] table = new byte[0x80];
    for (int c = 0; c < 0x20; c++) {
      table[c] = -1;
    }
    table['"'] = '"';
    table['\\'] = '\\';
    table['\b'] = 'b';
    table['\t'] = 't';
    table['\f'] = 'f';
    table['\n'] = 'n';
    table['\r'] = 'r';
    return table;
  }

  /**
   * Reads the {@code 200} body as {@link WireFormat#readResponse} does: every field present and
   * well typed, no duplicates, nothing after the object, unknown fields ignored.
   *
   * @throws MalformedPayload when {@link WireFormat#readResponse} would
   */
  public static EngineResponse response(ByteBuf body) {
    byte[] bytes;
    int offset;
    int length = body.readableBytes();
    if (body.hasArray()) {
      bytes = body.array();
      offset = body.arrayOffset() + body.readerIndex();
    } else if (length <= SCRATCH_BYTES) {
      // A direct buffer: copied into this thread's scratch array, not a new one per response.
      bytes = SCRATCH.get();
      body.getBytes(body.readerIndex(), bytes, 0, length);
      offset = 0;
    } else {
      bytes = ByteBufUtil.getBytes(body);
      offset = 0;
    }
    EngineResponse plain = PlainResponseReader.read(bytes, offset, length);
    if (plain != null) {
      return plain;
    }
    Object[] values = new Object[RESPONSE_FIELDS.length];
    try (JsonParser p = JSON.createParser(bytes, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedPayload("response must be a JSON object", null);
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        p.nextToken();
        int index = fieldIndex(name);
        if (index < 0) {
          p.skipChildren();
        } else {
          values[index] = value(p, name);
        }
      }
      if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new MalformedPayload("response has trailing tokens", null);
      }
    } catch (JacksonException e) {
      throw new MalformedPayload("response is not valid JSON: " + e.getOriginalMessage(), e);
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new MalformedPayload("missing field '" + RESPONSE_FIELDS[i] + "'", null);
      }
    }
    try {
      @SuppressWarnings("unchecked")
      List<String> claims = (List<String>) values[7];
      return new EngineResponse(
          (Tier) values[0],
          (Boolean) values[1],
          (Integer) values[2],
          (Double) values[3],
          (Long) values[4],
          (String) values[5],
          (String) values[6],
          claims);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new MalformedPayload("invalid response: " + e.getMessage(), e);
    }
  }

  /** Reads the value of a known field at the parser's current token, checking its type. */
  private static Object value(JsonParser p, String name) {
    JsonToken token = p.currentToken();
    switch (name) {
      case "tier" -> {
        String tier = token == JsonToken.VALUE_STRING ? p.getString() : null;
        for (Tier known : Tier.values()) {
          if (known.name().equals(tier)) {
            return known;
          }
        }
      }
      case "escalated" -> {
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
          return token == JsonToken.VALUE_TRUE;
        }
      }
      case "contradictions" -> {
        if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
          return p.getIntValue();
        }
      }
      case "latency_us" -> {
        if (token == JsonToken.VALUE_NUMBER_INT
            && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          return p.getLongValue();
        }
      }
      case "confidence" -> {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
          return p.getDoubleValue();
        }
      }
      case "claims" -> {
        if (token == JsonToken.START_ARRAY) {
          List<String> claims = new ArrayList<>();
          while ((token = p.nextToken()) == JsonToken.VALUE_STRING) {
            claims.add(p.getString());
          }
          if (token == JsonToken.END_ARRAY) {
            return claims;
          }
        }
      }
      default -> {
        if (token == JsonToken.VALUE_STRING) {
          return p.getString();
        }
      }
    }
    throw new MalformedPayload("field '" + name + "' has the wrong type or value, " + token, null);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static int fieldIndex(String name) {
    for (int i = 0; i < RESPONSE_FIELDS.length; i++) {
      if (RESPONSE_FIELDS[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
