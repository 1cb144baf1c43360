package dev.testops.engine;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Named string options handed to an engine when it is created, e.g. {@code fault=error:0.1}. Keys
 * are sorted so the options render the same everywhere.
 */
public record EngineOptions(Map<String, String> values) {

  /** No options. */
  public static final EngineOptions NONE = new EngineOptions(Map.of());

  /** Copies the values into an unmodifiable sorted map. */
  public EngineOptions {
    values =
        Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(values, "values")));
  }

  /** Returns the value of the option, if set. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** Returns these options with one more (or a replaced) value. */
  public EngineOptions with(String key, String value) {
    var copy = new TreeMap<>(values);
    copy.put(key, value);
    return new EngineOptions(copy);
  }
}
