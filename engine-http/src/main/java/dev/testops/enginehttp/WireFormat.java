package dev.testops.enginehttp;

import dev.testops.engine.EngineDescriptor;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON bodies of the engine HTTP protocol ({@code engine-api/PROTOCOL.md}), for servers, the
 * {@code http} engine and load generators alike. Stateless and thread-safe.
 *
 * <p>Doubles are written as Jackson writes them (the shortest decimal that parses back to the same
 * double) and read with a correctly rounded parser, so {@code confidence} survives the round trip
 * bit for bit. Readers ignore unknown fields and reject missing or mistyped ones.
 */
public final class WireFormat {
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private WireFormat() {}

  /** A body that is not JSON, lacks a field, or has a field of the wrong type or range. */
  public static final class MalformedPayload extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message names the field and what was wrong with it. */
    public MalformedPayload(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Returns the {@code POST /process} body for the request. */
  public static byte[] writeRequest(EngineRequest request) {
    ObjectNode json = JSON.createObjectNode();
    json.put("user_id", request.userId());
    json.put("turn", request.turn());
    json.put("prompt", request.prompt());
    strings(json.putArray("prior_claims"), request.priorClaims());
    json.put("seed", request.seed());
    return JSON.writeValueAsBytes(json);
  }

  /**
   * Reads a {@code POST /process} body.
   *
   * @throws MalformedPayload naming the first missing, mistyped or invalid field
   */
  public static EngineRequest readRequest(byte[] body) {
    JsonNode json = parse(body, "request");
    return build(
        "request",
        () ->
            new EngineRequest(
                text(json, "user_id"),
                intField(json, "turn"),
                text(json, "prompt"),
                strings(json, "prior_claims"),
                longField(json, "seed")));
  }

  /** Returns the {@code 200} body of {@code POST /process} for the response. */
  public static byte[] writeResponse(EngineResponse response) {
    ObjectNode json = JSON.createObjectNode();
    json.put("tier", response.tier().name());
    json.put("escalated", response.escalated());
    json.put("contradictions", response.contradictions());
    json.put("confidence", response.confidence());
    json.put("latency_us", response.latencyMicros());
    json.put("answer", response.answer());
    json.put("digest", response.digest());
    strings(json.putArray("claims"), response.claims());
    return JSON.writeValueAsBytes(json);
  }

  /**
   * Reads the {@code 200} body of {@code POST /process}.
   *
   * @throws MalformedPayload naming the first missing, mistyped or invalid field
   */
  public static EngineResponse readResponse(byte[] body) {
    JsonNode json = parse(body, "response");
    return build(
        "response",
        () ->
            new EngineResponse(
                tier(json),
                bool(json, "escalated"),
                intField(json, "contradictions"),
                number(json, "confidence"),
                longField(json, "latency_us"),
                text(json, "answer"),
                text(json, "digest"),
                strings(json, "claims")));
  }

  /** Returns the {@code GET /describe} body. */
  public static byte[] writeDescriptor(EngineDescriptor descriptor) {
    ObjectNode json = JSON.createObjectNode();
    json.put("id", descriptor.id());
    json.put("version", descriptor.version());
    strings(json.putArray("capabilities"), List.copyOf(descriptor.capabilities()));
    return JSON.writeValueAsBytes(json);
  }

  /**
   * Reads the {@code GET /describe} body.
   *
   * @throws MalformedPayload naming the first missing, mistyped or invalid field
   */
  public static EngineDescriptor readDescriptor(byte[] body) {
    JsonNode json = parse(body, "describe");
    return build(
        "describe",
        () ->
            new EngineDescriptor(
                text(json, "id"),
                text(json, "version"),
                new TreeSet<>(strings(json, "capabilities"))));
  }

  /** Returns the {@code GET /health} body of a healthy engine. */
  public static byte[] writeHealthy() {
    ObjectNode json = JSON.createObjectNode();
    json.put("status", "ok");
    return JSON.writeValueAsBytes(json);
  }

  /** Returns an error body, {@code {"error": message}}. */
  public static byte[] writeError(String message) {
    ObjectNode json = JSON.createObjectNode();
    json.put("error", message);
    return JSON.writeValueAsBytes(json);
  }

  /**
   * Reads the message of an error body, or {@code null} when the body is not one (e.g. a proxy's
   * HTML page), so a caller can fall back to the status line.
   */
  public static String readError(byte[] body) {
    try {
      JsonNode error = JSON.readTree(body).get("error");
      return error != null && error.isString() ? error.stringValue() : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static JsonNode parse(byte[] body, String what) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JacksonException e) {
      throw new MalformedPayload(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (json == null || !json.isObject()) {
      throw new MalformedPayload(what + " must be a JSON object", null);
    }
    return json;
  }

  /** Runs a record constructor, turning its validation failures into {@link MalformedPayload}. */
  private static <T> T build(String what, java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (MalformedPayload e) {
      throw e;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new MalformedPayload("invalid " + what + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode field(JsonNode json, String name, String type, boolean ok) {
    if (!ok) {
      JsonNode value = json.get(name);
      throw new MalformedPayload(
          value == null
              ? "missing field '" + name + "'"
              : "field '" + name + "' must be " + type + ", was " + value,
          null);
    }
    return json.get(name);
  }

  private static String text(JsonNode json, String name) {
    JsonNode value = json.get(name);
    return field(json, name, "a string", value != null && value.isString()).stringValue();
  }

  private static boolean bool(JsonNode json, String name) {
    JsonNode value = json.get(name);
    return field(json, name, "a boolean", value != null && value.isBoolean()).booleanValue();
  }

  private static int intField(JsonNode json, String name) {
    JsonNode value = json.get(name);
    boolean ok = value != null && value.isIntegralNumber() && value.canConvertToInt();
    return field(json, name, "a 32-bit integer", ok).intValue();
  }

  private static long longField(JsonNode json, String name) {
    JsonNode value = json.get(name);
    boolean ok = value != null && value.isIntegralNumber() && value.canConvertToLong();
    return field(json, name, "a 64-bit integer", ok).longValue();
  }

  private static double number(JsonNode json, String name) {
    JsonNode value = json.get(name);
    return field(json, name, "a number", value != null && value.isNumber()).doubleValue();
  }

  private static Tier tier(JsonNode json) {
    String tier = text(json, "tier");
    for (Tier known : Tier.values()) {
      if (known.name().equals(tier)) {
        return known;
      }
    }
    throw new MalformedPayload(
        String.format(Locale.ROOT, "field 'tier' must be T1, T2 or T3, was \"%s\"", tier), null);
  }

  private static List<String> strings(JsonNode json, String name) {
    JsonNode value = json.get(name);
    field(json, name, "an array of strings", value != null && value.isArray());
    List<String> items = new ArrayList<>(value.size());
    for (JsonNode item : value.values()) {
      field(json, name, "an array of strings", item.isString());
      items.add(item.stringValue());
    }
    return items;
  }

  private static void strings(ArrayNode array, List<String> items) {
    items.forEach(array::add);
  }
}
