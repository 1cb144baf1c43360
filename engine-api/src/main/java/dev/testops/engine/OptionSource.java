package dev.testops.engine;

import java.util.Locale;

/** Where the value of an option an engine runs with came from. */
public enum OptionSource {
  /** Given explicitly when the engine was created (e.g. {@code --engine-option fault=...}). */
  OPTION,
  /** Read from an environment variable because the option was not given. */
  ENVIRONMENT,
  /** The engine's own default, because neither the option nor a variable gave a value. */
  DEFAULT;

  /** The lowercase name used in snapshots and reports: {@code option}, {@code environment}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The source of a wire name.
   *
   * @throws IllegalArgumentException when the name is none of {@link #wireName()}'s values
   */
  public static OptionSource fromWireName(String name) {
    for (OptionSource source : values()) {
      if (source.wireName().equals(name)) {
        return source;
      }
    }
    throw new IllegalArgumentException("unknown option source '" + name + "'");
  }
}
