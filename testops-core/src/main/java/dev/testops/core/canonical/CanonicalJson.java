package dev.testops.core.canonical;

import dev.testops.core.TestOpsException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes canonical JSON.
 *
 * <p>Numbers: integers are written as they are; fractions must be put in through {@link
 * #decimal(double)}, which rounds half-even to {@value #DECIMALS} places and strips trailing zeros.
 * A raw {@code double} in a tree is refused, because {@code Double.toString} differs between JDK 17
 * and JDK 19+ for some values. Thread-safe.
 */
public final class CanonicalJson {
  /** Decimal places kept for fractional numbers. */
  public static final int DECIMALS = 6;

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
          .enable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();
  private static final DefaultIndenter INDENTER = new DefaultIndenter("  ", "\n");
  private static final ObjectWriter PRETTY =
      MAPPER
          .writer()
          .with(
              new DefaultPrettyPrinter(
                      Separators.createDefaultInstance()
                          .withObjectNameValueSpacing(Separators.Spacing.AFTER))
                  .withObjectIndenter(INDENTER)
                  .withArrayIndenter(INDENTER));
  private static final ObjectWriter COMPACT = MAPPER.writer();

  /** 10^DECIMALS: the units {@link #decimal} rounds to are millionths. */
  private static final long UNITS_PER_ONE = 1_000_000;

  /** Marks a value the fast rounding cannot decide; never a real result (beyond FAST_LIMIT). */
  private static final long NOT_FAST = Long.MIN_VALUE;

  /**
   * Below this magnitude the double product {@code value * UNITS_PER_ONE} is within 2^-14 of the
   * exact product (half its ulp, at most 2^-13 below 2^40), so it can be rounded directly unless it
   * lies within {@link #TIE_MARGIN} of a half.
   */
  private static final double FAST_LIMIT = 0x1p40;

  /** Far wider than the product's error, so a value outside it cannot round the other way. */
  private static final double TIE_MARGIN = 0x1p-8;

  private CanonicalJson() {}

  /** Returns a new empty object node. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Returns a new empty array node. */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /**
   * Rounds a fraction to the canonical scale: the exact binary value of {@code value}, rounded
   * half-even to {@value #DECIMALS} places, trailing zeros stripped. NaN and infinities are
   * refused.
   */
  public static BigDecimal decimal(double value) {
    long units = roundedUnits(value);
    if (units == NOT_FAST) {
      return exactDecimal(value);
    }
    return BigDecimal.valueOf(units, DECIMALS).stripTrailingZeros();
  }

  /**
   * The text {@code decimal(value)} is written as, e.g. {@code 0.8903}: plain notation, no
   * exponent. For streaming writers, so that a number per line does not cost a {@code BigDecimal}.
   */
  public static String decimalText(double value) {
    long units = roundedUnits(value);
    if (units == NOT_FAST) {
      return exactDecimal(value).toPlainString();
    }
    var text = new StringBuilder(24);
    if (units < 0) {
      text.append('-');
    }
    long magnitude = Math.abs(units);
    text.append(magnitude / UNITS_PER_ONE);
    int fraction = (int) (magnitude % UNITS_PER_ONE);
    if (fraction != 0) {
      int digits = DECIMALS;
      while (fraction % 10 == 0) {
        fraction /= 10;
        digits--;
      }
      String fractionDigits = Integer.toString(fraction);
      text.append('.').append("0".repeat(digits - fractionDigits.length())).append(fractionDigits);
    }
    return text.toString();
  }

  /**
   * Returns {@code value} rounded to units of 10^-DECIMALS, or {@link #NOT_FAST} when only the
   * exact expansion can decide.
   */
  private static long roundedUnits(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    // When the scaled double is far from a half, the exact scaled value lies on the same side of
    // that half, so both round to the same integer. Near a half (a tie or almost one) only the
    // exact BigDecimal expansion can tell, so it decides.
    double scaled = value * UNITS_PER_ONE;
    if (Math.abs(scaled) < FAST_LIMIT) {
      double floor = Math.floor(scaled);
      double fraction = scaled - floor;
      if (Math.abs(fraction - 0.5) > TIE_MARGIN) {
        return (long) floor + (fraction > 0.5 ? 1 : 0);
      }
    }
    return NOT_FAST;
  }

  /** The reference rounding {@link #decimal} must agree with: exact, and slow. */
  static BigDecimal exactDecimal(double value) {
    return new BigDecimal(value).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros();
  }

  /** Returns {@code part / whole} as a canonical decimal, or 0 when {@code whole} is 0. */
  public static BigDecimal ratio(long part, long whole) {
    if (whole == 0) {
      return BigDecimal.ZERO;
    }
    return BigDecimal.valueOf(part)
        .divide(BigDecimal.valueOf(whole), DECIMALS, RoundingMode.HALF_EVEN)
        .stripTrailingZeros();
  }

  /** Writes a tree as indented canonical JSON followed by a newline. */
  public static byte[] pretty(JsonNode node) {
    requireCanonicalNumbers(node, "$");
    return (PRETTY.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Writes a tree as one line of canonical JSON, without a newline. */
  public static String line(JsonNode node) {
    requireCanonicalNumbers(node, "$");
    return COMPACT.writeValueAsString(node);
  }

  /**
   * Parses JSON text.
   *
   * @throws TestOpsException.CorruptArtifact naming {@code what} when the text is not JSON
   */
  public static JsonNode parse(byte[] json, String what) {
    try {
      return MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new TestOpsException.CorruptArtifact(
          what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses a stored record line for display: {@code null} becomes a JSON null (the record is
   * missing on that side) and a line that is not JSON is shown as the text it is.
   */
  public static JsonNode recordForDisplay(String line) {
    if (line == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    try {
      return MAPPER.readTree(line);
    } catch (JacksonException e) {
      return JsonNodeFactory.instance.stringNode(line);
    }
  }

  /** Returns the shared mapper, configured for canonical trees. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  private static void requireCanonicalNumbers(JsonNode node, String path) {
    if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
      throw new IllegalArgumentException(
          "raw floating-point number at " + path + ": use CanonicalJson.decimal");
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        requireCanonicalNumbers(field.getValue(), path + "." + field.getKey());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        requireCanonicalNumbers(node.get(i), path + "[" + i + "]");
      }
    }
  }
}
