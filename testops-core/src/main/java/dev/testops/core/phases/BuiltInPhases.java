package dev.testops.core.phases;

import dev.testops.core.run.PhaseRegistry;

/** The phases TestOps ships. */
public final class BuiltInPhases {
  private BuiltInPhases() {}

  /** The key under which the SIM phase leaves its snapshot's path for later phases. */
  public static final String SNAPSHOT = SimPhase.SNAPSHOT;

  /** A registry of every built-in phase. */
  public static PhaseRegistry registry() {
    return PhaseRegistry.of(new EngineCheckPhase(), new SimPhase(), new ReplayPhase());
  }

  /** A registry of every built-in phase plus phases from other modules (e.g. {@code load}). */
  public static PhaseRegistry registry(dev.testops.core.run.Phase... more) {
    var all = new java.util.ArrayList<dev.testops.core.run.Phase>();
    all.add(new EngineCheckPhase());
    all.add(new SimPhase());
    all.add(new ReplayPhase());
    all.addAll(java.util.List.of(more));
    return PhaseRegistry.of(all.toArray(dev.testops.core.run.Phase[]::new));
  }
}
