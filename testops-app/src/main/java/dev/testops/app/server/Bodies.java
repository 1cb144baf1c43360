package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads request bodies: capped in size, JSON only, parsed strictly (no duplicate keys, nothing
 * after the value), and read field by field so every error names the field. Thread-safe.
 */
final class Bodies {
  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final int maxBytes;

  Bodies(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * The body as a JSON object, or empty when there is none (no bytes, or only white space).
   *
   * @throws HttpProblem 413 over the cap, 415 when it is not JSON, 400 when it does not parse
   * @throws TestOpsException.InvalidInput when it is JSON but not an object
   */
  Optional<ObjectNode> object(ServerRequest request) throws IOException {
    HttpServletRequest servlet = request.servletRequest();
    if (servlet.getContentLengthLong() > maxBytes) {
      throw tooLarge();
    }
    byte[] bytes = servlet.getInputStream().readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw tooLarge();
    }
    if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      return Optional.empty();
    }
    requireJson(servlet.getContentType());
    JsonNode node;
    try {
      node = STRICT.readTree(bytes);
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      throw HttpProblem.malformed(
          "malformed JSON"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    }
    if (!node.isObject()) {
      throw new TestOpsException.InvalidInput("the request body must be a JSON object");
    }
    return Optional.of((ObjectNode) node);
  }

  private HttpProblem tooLarge() {
    return HttpProblem.tooLarge("request bodies are limited to " + maxBytes + " bytes");
  }

  private static void requireJson(String contentType) {
    if (contentType == null) {
      return; // a client that names no type gets the benefit of the doubt
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      if (type.isCompatibleWith(MediaType.APPLICATION_JSON)
          || type.getSubtype().endsWith("+json")) {
        return;
      }
    } catch (InvalidMediaTypeException e) {
      // reported below
    }
    throw HttpProblem.unsupportedMediaType(
        "the request body must be application/json, not " + contentType);
  }

  /**
   * Refuses fields other than the allowed ones.
   *
   * @param where the object's path for messages, e.g. {@code dataset.}, or empty for the root
   */
  static void onlyFields(ObjectNode object, String where, String... allowed) {
    Set<String> names = new TreeSet<>(List.of(allowed));
    for (String name : object.propertyNames()) {
      if (!names.contains(name)) {
        throw new TestOpsException.InvalidInput(
            "unknown field '" + where + name + "' (allowed: " + String.join(", ", names) + ")");
      }
    }
  }

  static Optional<String> string(ObjectNode object, String where, String name) {
    JsonNode node = present(object, name);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isString()) {
      throw typeError(where + name, "a string");
    }
    return Optional.of(node.stringValue());
  }

  static Optional<Integer> integer(ObjectNode object, String where, String name) {
    JsonNode node = present(object, name);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isIntegralNumber()) {
      throw typeError(where + name, "an integer");
    }
    if (!node.canConvertToInt()) {
      throw new TestOpsException.InvalidInput(
          "field '" + where + name + "' is out of range: " + node.asString());
    }
    return Optional.of(node.intValue());
  }

  static OptionalLong longInteger(ObjectNode object, String where, String name) {
    JsonNode node = present(object, name);
    if (node == null) {
      return OptionalLong.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw typeError(where + name, "a 64-bit integer");
    }
    return OptionalLong.of(node.longValue());
  }

  static Optional<List<String>> strings(ObjectNode object, String where, String name) {
    JsonNode node = present(object, name);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isArray()) {
      throw typeError(where + name, "an array of strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isString()) {
        throw typeError(where + name + "[" + values.size() + "]", "a string");
      }
      values.add(item.stringValue());
    }
    return Optional.of(values);
  }

  static Optional<ObjectNode> object(ObjectNode object, String where, String name) {
    JsonNode node = present(object, name);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw typeError(where + name, "an object");
    }
    return Optional.of((ObjectNode) node);
  }

  /** An object of scalar values, read as strings (numbers and booleans as their JSON text). */
  static Map<String, String> scalars(ObjectNode object, String where) {
    Map<String, String> values = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      JsonNode value = field.getValue();
      if (!value.isValueNode() || value.isNull()) {
        throw typeError(where + field.getKey(), "a string, number or boolean");
      }
      values.put(field.getKey(), value.isString() ? value.stringValue() : value.toString());
    }
    return values;
  }

  /** The field, or {@code null} when it is absent or JSON {@code null}. */
  private static JsonNode present(ObjectNode object, String name) {
    JsonNode node = object.get(name);
    return node == null || node.isNull() ? null : node;
  }

  private static TestOpsException.InvalidInput typeError(String field, String expected) {
    return new TestOpsException.InvalidInput("field '" + field + "' must be " + expected);
  }
}
