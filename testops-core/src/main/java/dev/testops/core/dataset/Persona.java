package dev.testops.core.dataset;

import java.util.Locale;

/** The kinds of synthetic users a dataset mixes. */
public enum Persona {
  /** Short everyday questions. */
  CASUAL,
  /** Multi-step analytical questions. */
  ANALYST,
  /** Long, dense, multi-part requests. */
  POWER_USER,
  /** Contradicts itself, tries prompt injection, pastes PII-looking strings. */
  ADVERSARIAL;

  /** The name used in configuration, snapshots and reports, e.g. {@code power_user}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the accepted values when the name is unknown
   */
  public static Persona fromWireName(String name) {
    for (Persona persona : values()) {
      if (persona.wireName().equals(name)) {
        return persona;
      }
    }
    throw new IllegalArgumentException(
        "unknown persona '" + name + "' (expected casual, analyst, power_user or adversarial)");
  }
}
