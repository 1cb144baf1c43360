package dev.testops.core.store;

import dev.testops.core.run.PhaseRun;
import dev.testops.core.run.PhaseStatus;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunEvent;
import dev.testops.core.run.RunRequest;
import dev.testops.core.run.RunStatus;
import dev.testops.core.run.RunStore.IdempotencyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Runs, keys and events for the store contract test. */
public final class StoreFixtures {
  /** A time with nanoseconds, so a store that drops precision is caught. */
  public static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123456789Z");

  private StoreFixtures() {}

  /** An instant {@code seconds} after {@link #T0}. */
  public static Instant at(long seconds) {
    return T0.plus(Duration.ofSeconds(seconds));
  }

  /** A request; {@code users} tells requests apart (and so their hashes). */
  public static RunRequest request(int users) {
    return new RunRequest(
        "smoke",
        List.of("engine-check", "sim", "replay"),
        Map.of("replay", Map.of("floor", "98")),
        "default",
        users,
        OptionalLong.of(42),
        "toron-v2.5h+",
        Map.of("mode", "strict", "depth", "3"));
  }

  /** A queued run created {@code seconds} after {@link #T0}. */
  public static Run queued(String id, long seconds) {
    return Run.queued(id, request(10), at(seconds));
  }

  /** A run in the middle of its life: every field and every kind of phase filled in. */
  public static Run running(String id) {
    RunRequest request =
        new RunRequest(
            "full",
            List.of("engine-check", "sim", "replay", "load"),
            Map.of(),
            "adversarial",
            250,
            OptionalLong.empty(),
            "toron-v2.5h+",
            Map.of());
    return new Run(
        id,
        RunStatus.RUNNING,
        37,
        request,
        at(0),
        at(1),
        null,
        null,
        List.of(
            new PhaseRun("engine-check", PhaseStatus.PASSED, 100, at(1), at(2), "{\"ok\":true}"),
            new PhaseRun("sim", PhaseStatus.RUNNING, 48, at(2), null, "{}"),
            PhaseRun.pending("replay"),
            new PhaseRun("load", PhaseStatus.SKIPPED, 0, null, at(3), "{\"why\":\"—\"}")));
  }

  /** The same run, ended: one phase fewer, so stale phase rows would show. */
  public static Run ended(Run run) {
    return new Run(
        run.id(),
        RunStatus.FAILED,
        100,
        run.request(),
        run.createdAt(),
        run.startedAt(),
        at(60),
        "replay below floor",
        List.of(
            run.phases().get(0),
            new PhaseRun("sim", PhaseStatus.PASSED, 100, at(2), at(30), "{\"users\":250}"),
            new PhaseRun("replay", PhaseStatus.FAILED, 100, at(30), at(60), "{\"match\":0.97}")));
  }

  /** A key for a run, made at {@code seconds} after {@link #T0}. */
  public static Optional<IdempotencyKey> key(String key, String hash, String runId, long seconds) {
    return Optional.of(new IdempotencyKey(key, hash, runId, at(seconds)));
  }

  /** Events {@code from..to} of a run. */
  public static List<RunEvent> events(String runId, long from, long to) {
    List<RunEvent> events = new ArrayList<>();
    for (long seq = from; seq <= to; seq++) {
      events.add(
          new RunEvent(
              runId, seq, seq % 2 == 0 ? "log" : "progress", at(seq), "{\"n\":" + seq + "}"));
    }
    return events;
  }
}
