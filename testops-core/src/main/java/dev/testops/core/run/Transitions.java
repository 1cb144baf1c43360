package dev.testops.core.run;

import dev.testops.core.TestOpsException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The one table of allowed state changes for runs and phases. */
public final class Transitions {
  private static final Map<RunStatus, Set<RunStatus>> RUN = new EnumMap<>(RunStatus.class);
  private static final Map<PhaseStatus, Set<PhaseStatus>> PHASE = new EnumMap<>(PhaseStatus.class);

  static {
    RUN.put(RunStatus.QUEUED, EnumSet.of(RunStatus.RUNNING, RunStatus.CANCELLED, RunStatus.ERROR));
    RUN.put(
        RunStatus.RUNNING,
        EnumSet.of(RunStatus.PASSED, RunStatus.FAILED, RunStatus.ERROR, RunStatus.CANCELLED));
    for (RunStatus end :
        EnumSet.of(RunStatus.PASSED, RunStatus.FAILED, RunStatus.ERROR, RunStatus.CANCELLED)) {
      RUN.put(end, EnumSet.noneOf(RunStatus.class));
    }
    PHASE.put(PhaseStatus.PENDING, EnumSet.of(PhaseStatus.RUNNING, PhaseStatus.SKIPPED));
    PHASE.put(
        PhaseStatus.RUNNING,
        EnumSet.of(PhaseStatus.PASSED, PhaseStatus.FAILED, PhaseStatus.ERROR, PhaseStatus.SKIPPED));
    for (PhaseStatus end :
        EnumSet.of(
            PhaseStatus.PASSED, PhaseStatus.FAILED, PhaseStatus.SKIPPED, PhaseStatus.ERROR)) {
      PHASE.put(end, EnumSet.noneOf(PhaseStatus.class));
    }
  }

  private Transitions() {}

  /** Whether a run may move from one status to the other. */
  public static boolean allowed(RunStatus from, RunStatus to) {
    return RUN.get(from).contains(to);
  }

  /** Whether a phase may move from one status to the other. */
  public static boolean allowed(PhaseStatus from, PhaseStatus to) {
    return PHASE.get(from).contains(to);
  }

  /**
   * Checks a run transition.
   *
   * @throws IllegalTransition when the move is not in the table
   */
  public static RunStatus check(RunStatus from, RunStatus to) {
    if (!allowed(from, to)) {
      throw new IllegalTransition("run cannot go from " + from.wireName() + " to " + to.wireName());
    }
    return to;
  }

  /**
   * Checks a phase transition.
   *
   * @throws IllegalTransition when the move is not in the table
   */
  public static PhaseStatus check(PhaseStatus from, PhaseStatus to) {
    if (!allowed(from, to)) {
      throw new IllegalTransition(
          "phase cannot go from " + from.wireName() + " to " + to.wireName());
    }
    return to;
  }

  /** A state change that the table does not allow. */
  public static final class IllegalTransition extends TestOpsException.Conflict {
    private static final long serialVersionUID = 1L;

    IllegalTransition(String message) {
      super(message);
    }
  }
}
