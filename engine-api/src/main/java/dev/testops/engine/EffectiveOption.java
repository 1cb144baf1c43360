package dev.testops.engine;

import java.util.Objects;

/**
 * One option an engine runs with: its value and where the value came from.
 *
 * @param value the value the engine uses; passing it back as an explicit option must reproduce the
 *     same behaviour
 * @param source where the value came from
 * @param variable the environment variable it was read from when {@code source} is {@link
 *     OptionSource#ENVIRONMENT}, else {@code null}
 */
public record EffectiveOption(String value, OptionSource source, String variable) {

  /** Validates the fields: a variable name exactly when the value came from the environment. */
  public EffectiveOption {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
    if ((source == OptionSource.ENVIRONMENT) != (variable != null)) {
      throw new IllegalArgumentException(
          "an environment variable is named exactly when the source is the environment");
    }
    if (variable != null) {
      EngineDescriptor.requireText(variable, "variable");
    }
  }

  /** A value given as an explicit option. */
  public static EffectiveOption option(String value) {
    return new EffectiveOption(value, OptionSource.OPTION, null);
  }

  /** A value read from an environment variable. */
  public static EffectiveOption environment(String variable, String value) {
    return new EffectiveOption(value, OptionSource.ENVIRONMENT, variable);
  }

  /** The engine's default value. */
  public static EffectiveOption byDefault(String value) {
    return new EffectiveOption(value, OptionSource.DEFAULT, null);
  }

  /** Where the value came from, for people: {@code option}, {@code environment TORON_FAULT}... */
  public String describeSource() {
    return variable == null ? source.wireName() : source.wireName() + " " + variable;
  }
}
