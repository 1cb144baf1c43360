package dev.testops.core.run;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a run, in order: persisted before it is sent to any listener.
 *
 * @param runId the run
 * @param seq the per-run sequence number, from 1, without gaps
 * @param type {@code run} (state), {@code phase} (state), {@code progress}, {@code log}, {@code
 *     metric} (a summary of figures) or {@code artifact} (a file written)
 * @param at when it happened
 * @param data a canonical JSON object, one line
 */
public record RunEvent(String runId, long seq, String type, Instant at, String data) {

  /** Validates the fields. */
  public RunEvent {
    Objects.requireNonNull(runId, "runId");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1, was " + seq);
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(data, "data");
  }
}
