package dev.testops.core.run;

import java.time.Instant;
import java.util.Objects;

/**
 * One phase of a run, as stored.
 *
 * @param name the phase name, e.g. {@code sim}
 * @param status its status
 * @param progress 0 to 100
 * @param startedAt when it started, or {@code null}
 * @param finishedAt when it ended, or {@code null}
 * @param summary a canonical JSON object with the phase's result figures ({@code {}} until it ends)
 */
public record PhaseRun(
    String name,
    PhaseStatus status,
    int progress,
    Instant startedAt,
    Instant finishedAt,
    String summary) {

  /** Validates the fields. */
  public PhaseRun {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    if (progress < 0 || progress > 100) {
      throw new IllegalArgumentException("progress must be in [0, 100], was " + progress);
    }
    Objects.requireNonNull(summary, "summary");
  }

  /** A phase that has not started. */
  public static PhaseRun pending(String name) {
    return new PhaseRun(name, PhaseStatus.PENDING, 0, null, null, "{}");
  }
}
