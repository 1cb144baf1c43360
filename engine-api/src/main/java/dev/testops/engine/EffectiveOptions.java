package dev.testops.engine;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The options an engine actually runs with, each with where its value came from: the explicit
 * options, plus what the engine read from the environment or took by default. A run records them so
 * that a replay can create the same engine whatever its own environment. Keys are sorted so the
 * options render the same everywhere.
 *
 * @param values the options by name
 */
public record EffectiveOptions(SortedMap<String, EffectiveOption> values) {

  /** Copies the values into an unmodifiable sorted map. */
  public EffectiveOptions {
    values =
        Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(values, "values")));
  }

  /** The requested options as they are, each from {@link OptionSource#OPTION}. */
  public static EffectiveOptions asRequested(EngineOptions requested) {
    var values = new TreeMap<String, EffectiveOption>();
    requested.values().forEach((key, value) -> values.put(key, EffectiveOption.option(value)));
    return new EffectiveOptions(values);
  }

  /** Returns the option, if the engine runs with it. */
  public Optional<EffectiveOption> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The values alone, as explicit options that create an engine behaving the same way. */
  public EngineOptions options() {
    var plain = new TreeMap<String, String>();
    values.forEach((key, option) -> plain.put(key, option.value()));
    return new EngineOptions(plain);
  }
}
