package dev.testops.core.dataset;

import java.util.Map;

/** Profiles the dataset tests share. */
final class Profiles {
  private Profiles() {}

  /** The default profile, with the values of {@code offline} in config/sim_config.yaml. */
  static SimProfile offline() {
    return new SimProfile(
        "offline",
        5,
        Map.of(
            Persona.CASUAL, 0.40,
            Persona.ANALYST, 0.30,
            Persona.POWER_USER, 0.20,
            Persona.ADVERSARIAL, 0.10),
        600,
        4000);
  }

  /** A profile of one persona only, to look at that persona's conversations in bulk. */
  static SimProfile only(Persona persona) {
    return new SimProfile(
        "only-" + persona.wireName().replace('_', '-'), 5, Map.of(persona, 1.0), 600, 4000);
  }
}
