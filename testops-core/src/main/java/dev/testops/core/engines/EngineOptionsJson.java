package dev.testops.core.engines;

import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.engine.EffectiveOption;
import dev.testops.engine.EffectiveOptions;
import dev.testops.engine.OptionSource;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Effective engine options as snapshots, results and reports write them: {@code {"fault": {"value":
 * "error:0.5", "source": "environment", "variable": "TORON_FAULT"}}}, keys sorted.
 */
public final class EngineOptionsJson {
  private EngineOptionsJson() {}

  /** The JSON form. */
  public static ObjectNode toJson(EffectiveOptions options) {
    ObjectNode json = CanonicalJson.object();
    options
        .values()
        .forEach(
            (key, option) -> {
              ObjectNode entry = json.putObject(key);
              entry.put("value", option.value());
              entry.put("source", option.source().wireName());
              if (option.variable() != null) {
                entry.put("variable", option.variable());
              }
            });
    return json;
  }

  /**
   * Reads the JSON form back.
   *
   * @param where what is being read, for the message
   * @throws TestOpsException.CorruptArtifact when an entry is malformed
   */
  public static EffectiveOptions fromJson(JsonNode json, String where) {
    if (!json.isObject()) {
      throw new TestOpsException.CorruptArtifact(where + " effective_options is not an object");
    }
    var values = new TreeMap<String, EffectiveOption>();
    for (var entry : json.properties()) {
      JsonNode option = entry.getValue();
      try {
        JsonNode variable = option.path("variable");
        values.put(
            entry.getKey(),
            new EffectiveOption(
                requireText(option, "value", where, entry.getKey()),
                OptionSource.fromWireName(requireText(option, "source", where, entry.getKey())),
                variable.isString() ? variable.asString() : null));
      } catch (IllegalArgumentException e) {
        throw new TestOpsException.CorruptArtifact(
            where + " effective option '" + entry.getKey() + "': " + e.getMessage(), e);
      }
    }
    return new EffectiveOptions(values);
  }

  /**
   * The effective options of a snapshot's {@code engine} object: as recorded, or for a snapshot
   * written before they were, its requested {@code options} (each from {@code option}).
   *
   * @throws TestOpsException.CorruptArtifact when the recorded ones are malformed
   */
  public static EffectiveOptions ofEngine(JsonNode engine, String where) {
    if (engine.has("effective_options")) {
      return fromJson(engine.path("effective_options"), where);
    }
    var requested = new TreeMap<String, String>();
    engine
        .path("options")
        .properties()
        .forEach(e -> requested.put(e.getKey(), e.getValue().asString()));
    return EffectiveOptions.asRequested(new dev.testops.engine.EngineOptions(requested));
  }

  /**
   * One line for people, e.g. {@code fault=error:0.5 (environment TORON_FAULT), url=http://x
   * (option)}; {@code none} when there are no options.
   */
  public static String describe(EffectiveOptions options) {
    List<String> parts = new ArrayList<>();
    options.values().forEach((key, option) -> parts.add(describe(key, option)));
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** One option for people: {@code fault=error:0.5 (environment TORON_FAULT)}. */
  public static String describe(String key, EffectiveOption option) {
    String value = option.value().isEmpty() ? "\"\"" : option.value();
    return key + "=" + value + " (" + option.describeSource() + ")";
  }

  private static String requireText(JsonNode option, String field, String where, String key) {
    JsonNode value = option.path(field);
    if (!value.isString()) {
      throw new TestOpsException.CorruptArtifact(
          where + " effective option '" + key + "' lacks the text field '" + field + "'");
    }
    return value.asString();
  }
}
