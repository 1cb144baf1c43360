package dev.testops.core.run;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a phase ended.
 *
 * @param status {@link PhaseStatus#PASSED} or {@link PhaseStatus#FAILED}
 * @param summary its result figures (stored with the phase and sent as a {@code metric} event); a
 *     phase that passed but found something people must see (e.g. a replay that drifted within its
 *     floor) puts one line under {@link #WARNING}, which every output shows beside the status
 * @param message one line for people: what passed or what failed
 */
public record PhaseOutcome(PhaseStatus status, ObjectNode summary, String message) {
  /** The summary field of a passed phase's warning: one line, shown beside its status. */
  public static final String WARNING = "warning";

  /** Validates the fields. */
  public PhaseOutcome {
    if (status != PhaseStatus.PASSED && status != PhaseStatus.FAILED) {
      throw new IllegalArgumentException("a phase outcome is passed or failed, not " + status);
    }
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(message, "message");
  }
}
