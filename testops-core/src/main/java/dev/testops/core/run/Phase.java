package dev.testops.core.run;

/**
 * A step of a run (engine check, SIM batch, replay, ...): a plug-in found by name in a {@link
 * PhaseRegistry}. Adding a phase touches no other phase.
 */
public interface Phase {

  /** The phase's name in suites and the API, e.g. {@code engine-check}. */
  String name();

  /** The label people see, e.g. {@code Engine Check}. */
  String title();

  /**
   * Runs the phase. Report progress and steps through the context; throw to signal an error (the
   * run records it as the phase's {@code error}).
   *
   * @return whether its checks passed, with its result figures
   * @throws RunCancelled when the context reports the run was cancelled
   */
  PhaseOutcome execute(PhaseContext context);
}
