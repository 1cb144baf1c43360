package dev.testops.core.replay;

/**
 * What a replay found, in three states: every record identical, some differing but the score still
 * at or above the floor, or below the floor. Only {@link #DRIFT} fails; {@link #DRIFT_WITHIN_FLOOR}
 * passes but is never reported as a plain pass, because the engine is not deterministic.
 */
public enum ReplayVerdict {
  /** Every record is byte-identical to the snapshot's: {@code determinism_score} 100. */
  IDENTICAL("IDENTICAL"),
  /** Some records differ, but the score reaches the floor: passes, with a warning. */
  DRIFT_WITHIN_FLOOR("DRIFT WITHIN FLOOR"),
  /** The score is below the floor: fails. */
  DRIFT("DRIFT");

  private final String label;

  ReplayVerdict(String label) {
    this.label = label;
  }

  /** The verdict as written in results and reports, e.g. {@code DRIFT WITHIN FLOOR}. */
  public String label() {
    return label;
  }

  /** Whether the replay passes: the score reached the floor. */
  public boolean passes() {
    return this != DRIFT;
  }

  /**
   * The verdict of a replay.
   *
   * @param differing how many records differ (missing ones included)
   * @param belowFloor whether the score is below the floor
   */
  public static ReplayVerdict of(long differing, boolean belowFloor) {
    if (belowFloor) {
      return DRIFT;
    }
    return differing == 0 ? IDENTICAL : DRIFT_WITHIN_FLOOR;
  }

  /**
   * The verdict as written, back.
   *
   * @throws IllegalArgumentException when the label is none of the three
   */
  public static ReplayVerdict fromLabel(String label) {
    for (ReplayVerdict verdict : values()) {
      if (verdict.label.equals(label)) {
        return verdict;
      }
    }
    throw new IllegalArgumentException("unknown replay verdict '" + label + "'");
  }
}
