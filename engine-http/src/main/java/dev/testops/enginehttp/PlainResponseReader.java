package dev.testops.enginehttp;

import dev.testops.engine.EngineResponse;
import dev.testops.engine.Tier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast path of {@link WireCodec#response}: reads a response body that is plain (the eight
 * protocol fields once each, in any order, every string printable ASCII without escapes, numbers in
 * their simple forms) in one pass over the bytes, with no parser to create. Anything else (an
 * escape, a non-ASCII byte, an unknown or repeated field, a wrong type, a value the record rejects,
 * malformed JSON) makes it return {@code null}, and the caller reads the body with Jackson, which
 * decides; so what is accepted, and its value, is what {@link
 * dev.testops.enginehttp.WireFormat#readResponse} gives ({@code WireCodecTest}). Not thread-safe:
 * one instance per read.
 */
final class PlainResponseReader {
  private static final String[] FIELDS = {
    "tier", "escalated", "contradictions", "confidence", "latency_us", "answer", "digest", "claims"
  };
  private static final Tier[] TIERS = Tier.values();
  // The longest integer read here without overflow checks (fewer digits than Long.MAX_VALUE).
  private static final int MAX_LONG_DIGITS = 18;

  private final byte[] bytes;
  private final int end;
  private int at;

  private PlainResponseReader(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.at = offset;
    this.end = offset + length;
  }

  /** The response, or null when the body is not plain (then Jackson must read it). */
  static EngineResponse read(byte[] bytes, int offset, int length) {
    try {
      return new PlainResponseReader(bytes, offset, length).object();
    } catch (IllegalArgumentException | NullPointerException e) {
      // A value the record rejects: Jackson's path raises the protocol's error for it.
      return null;
    }
  }

  private EngineResponse object() {
    Tier tier = null;
    boolean escalated = false;
    int contradictions = 0;
    double confidence = 0;
    long latency = 0;
    String answer = null;
    String digest = null;
    List<String> claims = null;
    int seen = 0;
    if (next() != '{') {
      return null;
    }
    do {
      if (next() != '"') {
        return null;
      }
      int field = field();
      if (field < 0 || (seen & (1 << field)) != 0 || next() != ':') {
        return null;
      }
      seen |= 1 << field;
      skipSpace();
      switch (field) {
        case 0 -> tier = tier();
        case 1 -> {
          Boolean value = bool();
          if (value == null) {
            return null;
          }
          escalated = value;
        }
        case 2 -> {
          long value = integer();
          if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            return null;
          }
          contradictions = (int) value;
        }
        case 3 -> confidence = number();
        case 4 -> latency = integer();
        case 5 -> answer = string();
        case 6 -> digest = string();
        default -> claims = claims();
      }
      if (at < 0) {
        return null;
      }
    } while (nextIs(','));
    if (next() != '}' || seen != (1 << FIELDS.length) - 1) {
      return null;
    }
    skipSpace();
    if (at != end || tier == null || answer == null || digest == null || claims == null) {
      return null;
    }
    return new EngineResponse(
        tier, escalated, contradictions, confidence, latency, answer, digest, claims);
  }

  /** The index of the field name (after its opening quote), or -1. */
  private int field() {
    int start = at;
    int close = closingQuote();
    if (close < 0) {
      return -1;
    }
    for (int i = 0; i < FIELDS.length; i++) {
      String name = FIELDS[i];
      if (name.length() == close - start && matches(name, start)) {
        return i;
      }
    }
    return -1;
  }

  private boolean matches(String name, int start) {
    for (int i = 0; i < name.length(); i++) {
      if (bytes[start + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Moves past the closing quote of a plain string; returns its index, or -1 (at = -1). */
  private int closingQuote() {
    for (int i = at; i < end; i++) {
      byte b = bytes[i];
      if (b == '"') {
        at = i + 1;
        return i;
      }
      if (b < 0x20 || b == '\\' || b == 0x7F) {
        // Escapes, control characters, non-ASCII (negative) and DEL: Jackson's path.
        break;
      }
    }
    at = -1;
    return -1;
  }

  private String string() {
    if (at >= end || bytes[at] != '"') {
      at = -1;
      return null;
    }
    int start = ++at;
    int close = closingQuote();
    return close < 0 ? null : new String(bytes, start, close - start, StandardCharsets.ISO_8859_1);
  }

  private Tier tier() {
    String name = string();
    if (name != null) {
      for (Tier known : TIERS) {
        if (known.name().equals(name)) {
          return known;
        }
      }
    }
    at = -1;
    return null;
  }

  private Boolean bool() {
    if (literal("true")) {
      return Boolean.TRUE;
    }
    if (literal("false")) {
      return Boolean.FALSE;
    }
    at = -1;
    return null;
  }

  private boolean literal(String word) {
    if (end - at < word.length() || !matches(word, at)) {
      return false;
    }
    at += word.length();
    // "truex" is not a literal: the next byte must end the token.
    return at == end || !isLetterOrDigit(bytes[at]);
  }

  /** A JSON integer in its plain form (no fraction, exponent or leading zero), else at = -1. */
  private long integer() {
    boolean negative = at < end && bytes[at] == '-';
    if (negative) {
      at++;
    }
    int digitsStart = at;
    long value = 0;
    while (at < end && bytes[at] >= '0' && bytes[at] <= '9') {
      value = value * 10 + (bytes[at++] - '0');
    }
    int digits = at - digitsStart;
    if (digits == 0
        || digits > MAX_LONG_DIGITS
        || (digits > 1 && bytes[digitsStart] == '0')
        || (at < end && (bytes[at] == '.' || bytes[at] == 'e' || bytes[at] == 'E'))
        || (at < end && isLetterOrDigit(bytes[at]))) {
      at = -1;
      return 0;
    }
    return negative ? -value : value;
  }

  /** A JSON number as a double, parsed as Jackson parses it ({@link Double#parseDouble}). */
  private double number() {
    int start = at;
    if (at < end && bytes[at] == '-') {
      at++;
    }
    int intStart = at;
    while (at < end && bytes[at] >= '0' && bytes[at] <= '9') {
      at++;
    }
    int intDigits = at - intStart;
    if (intDigits == 0 || (intDigits > 1 && bytes[intStart] == '0')) {
      at = -1;
      return 0;
    }
    boolean integral = true;
    if (at < end && bytes[at] == '.') {
      integral = false;
      int fraction = ++at;
      while (at < end && bytes[at] >= '0' && bytes[at] <= '9') {
        at++;
      }
      if (at == fraction) {
        at = -1;
        return 0;
      }
    }
    if (at < end && (bytes[at] == 'e' || bytes[at] == 'E' || isLetterOrDigit(bytes[at]))) {
      // Exponents (and anything odd) go to Jackson.
      at = -1;
      return 0;
    }
    if (integral) {
      // As Jackson converts an integer token: through a long, so "-0" is 0.0, not -0.0.
      if (intDigits > MAX_LONG_DIGITS) {
        at = -1;
        return 0;
      }
      return Long.parseLong(new String(bytes, start, at - start, StandardCharsets.ISO_8859_1));
    }
    return Double.parseDouble(new String(bytes, start, at - start, StandardCharsets.ISO_8859_1));
  }

  private List<String> claims() {
    if (at >= end || bytes[at] != '[') {
      at = -1;
      return null;
    }
    at++;
    List<String> claims = new ArrayList<>();
    if (nextIs(']')) {
      return claims;
    }
    do {
      skipSpace();
      String claim = string();
      if (claim == null) {
        return null;
      }
      claims.add(claim);
    } while (nextIs(','));
    if (next() != ']') {
      at = -1;
      return null;
    }
    return claims;
  }

  /** The next byte after white space, consumed; -1 at the end. */
  private int next() {
    skipSpace();
    return at >= 0 && at < end ? bytes[at++] : -1;
  }

  /** Consumes the next byte after white space when it is {@code expected}. */
  private boolean nextIs(char expected) {
    skipSpace();
    if (at >= 0 && at < end && bytes[at] == expected) {
      at++;
      return true;
    }
    return false;
  }

  private void skipSpace() {
    while (at >= 0 && at < end) {
      byte b = bytes[at];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return;
      }
      at++;
    }
  }

  private static boolean isLetterOrDigit(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  }
}
