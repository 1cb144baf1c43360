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

  private CanonicalJson() {}

  /** Returns a new empty object node. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Returns a new empty array node. */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** Rounds a fraction to the canonical scale; NaN and infinities are refused. */
  public static BigDecimal decimal(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
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
