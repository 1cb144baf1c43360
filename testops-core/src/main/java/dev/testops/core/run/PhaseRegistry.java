package dev.testops.core.run;

import dev.testops.core.TestOpsException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The phases a run can use, by name. Immutable; thread-safe. */
public final class PhaseRegistry {
  private final Map<String, Phase> phases;

  private PhaseRegistry(Map<String, Phase> phases) {
    this.phases = Collections.unmodifiableMap(phases);
  }

  /** A registry of exactly these phases. */
  public static PhaseRegistry of(Phase... phases) {
    Map<String, Phase> map = new TreeMap<>();
    for (Phase phase : phases) {
      if (map.put(phase.name(), phase) != null) {
        throw new IllegalArgumentException("two phases are named " + phase.name());
      }
    }
    return new PhaseRegistry(map);
  }

  /** The phase names, sorted. */
  public Set<String> names() {
    return phases.keySet();
  }

  /**
   * Returns a phase.
   *
   * @throws TestOpsException.InvalidInput naming the known phases when the name is unknown
   */
  public Phase get(String name) {
    Phase phase = phases.get(name);
    if (phase == null) {
      throw new TestOpsException.InvalidInput(
          "unknown phase '" + name + "' (known: " + String.join(", ", phases.keySet()) + ")");
    }
    return phase;
  }
}
