package dev.testops.core.phases;

import dev.testops.core.run.PhaseRegistry;

/** The phases TestOps ships. */
public final class BuiltInPhases {
  private BuiltInPhases() {}

  /** A registry of every built-in phase. */
  public static PhaseRegistry registry() {
    return PhaseRegistry.of(new EngineCheckPhase(), new SimPhase(), new ReplayPhase());
  }
}
