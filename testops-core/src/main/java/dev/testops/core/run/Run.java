package dev.testops.core.run;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A run, as stored.
 *
 * @param id the run id
 * @param status its status
 * @param progress 0 to 100 over the whole run
 * @param request what was asked
 * @param createdAt when it was accepted
 * @param startedAt when a runner started it, or {@code null}
 * @param finishedAt when it ended, or {@code null}
 * @param reason why it ended the way it did (e.g. {@code interrupted}), or {@code null}
 * @param phases its phases, in order
 */
public record Run(
    String id,
    RunStatus status,
    int progress,
    RunRequest request,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String reason,
    List<PhaseRun> phases) {

  /** Validates the fields and copies the phases. */
  public Run {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(createdAt, "createdAt");
    if (progress < 0 || progress > 100) {
      throw new IllegalArgumentException("progress must be in [0, 100], was " + progress);
    }
    phases = List.copyOf(phases);
  }

  /** A new queued run with every phase pending. */
  public static Run queued(String id, RunRequest request, Instant at) {
    return new Run(
        id,
        RunStatus.QUEUED,
        0,
        request,
        at,
        null,
        null,
        null,
        request.phases().stream().map(PhaseRun::pending).toList());
  }
}
