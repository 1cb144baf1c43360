package dev.testops.load.k6;

import dev.testops.core.TestOpsException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a k6 run does: one scenario, its thresholds, the target and a small seeded dataset.
 *
 * <p>Which fields an executor reads (the others are ignored): {@code constant-arrival-rate} reads
 * rate, timeUnit, duration, preAllocatedVUs and maxVUs; {@code ramping-arrival-rate} reads rate (as
 * k6's {@code startRate}), timeUnit, preAllocatedVUs, maxVUs and stages (targets are rates); {@code
 * constant-vus} reads vus, duration and thinkTime; {@code ramping-vus} reads vus (as k6's {@code
 * startVUs}), stages (targets are VUs) and thinkTime. The compact constructor reports every
 * violation at once, each naming the field and the bound.
 *
 * @param executor the k6 executor
 * @param rate iterations started per {@code timeUnit} (arrival-rate executors)
 * @param timeUnit the period {@code rate} counts in, e.g. 1 s
 * @param duration how long a constant executor runs
 * @param vus the VUs of {@code constant-vus}, the start VUs of {@code ramping-vus}
 * @param preAllocatedVUs the VUs an arrival-rate executor starts with
 * @param maxVUs the most VUs an arrival-rate executor may grow to
 * @param stages the ramping executors' stages, in order
 * @param thresholds metric name → k6 threshold expressions, e.g. {@code http_req_duration →
 *     ["p(95)<500"]}
 * @param target the engine's base URL; the script POSTs to {@code target + "/process"}
 * @param thinkTime the pause after each iteration of the closed-model executors
 * @param seed the run's seed, sent in every {@code /process} body
 * @param users the dataset: VU {@code n} plays user {@code (n - 1) % users.size()}
 */
public record K6ScenarioSpec(
    Executor executor,
    int rate,
    Duration timeUnit,
    Duration duration,
    int vus,
    int preAllocatedVUs,
    int maxVUs,
    List<Stage> stages,
    Map<String, List<String>> thresholds,
    URI target,
    Duration thinkTime,
    long seed,
    List<User> users) {

  /** k6's executors that TestOps scenarios map onto. */
  public enum Executor {
    /** Open model: a fixed iteration start rate. */
    CONSTANT_ARRIVAL_RATE,
    /** Open model: an iteration start rate that moves through stages. */
    RAMPING_ARRIVAL_RATE,
    /** Closed model: a fixed number of looping VUs. */
    CONSTANT_VUS,
    /** Closed model: a number of looping VUs that moves through stages. */
    RAMPING_VUS;

    /** Returns k6's name for the executor, e.g. {@code constant-arrival-rate}. */
    public String k6Name() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Returns whether this is an open-model (arrival-rate) executor. */
    public boolean arrivalRate() {
      return this == CONSTANT_ARRIVAL_RATE || this == RAMPING_ARRIVAL_RATE;
    }
  }

  /**
   * One stage of a ramping executor: move linearly to {@code target} over {@code duration}.
   *
   * @param duration the stage's length, at least 1 ms
   * @param target the rate (arrival-rate) or VU count (VUs) reached at the stage's end, ≥ 0
   */
  public record Stage(Duration duration, int target) {
    /** Validates the stage. */
    public Stage {
      Objects.requireNonNull(duration, "duration");
      if (duration.toMillis() < 1 || target < 0) {
        throw new TestOpsException.InvalidInput(
            "stage must last at least 1 ms and have a target >= 0, got "
                + duration
                + " / "
                + target);
      }
    }
  }

  /**
   * One synthetic user of the embedded dataset.
   *
   * @param userId the {@code user_id} sent to the engine, not blank
   * @param turns the prompts of the user's conversation, in order; at least one
   */
  public record User(String userId, List<String> turns) {
    /** Validates the user and copies the turns. */
    public User {
      Objects.requireNonNull(userId, "userId");
      turns = List.copyOf(turns);
      if (userId.isBlank() || turns.isEmpty()) {
        throw new TestOpsException.InvalidInput("a k6 user needs a user_id and at least one turn");
      }
    }
  }

  /** Validates the fields the executor reads and copies the collections. */
  public K6ScenarioSpec {
    Objects.requireNonNull(executor, "executor");
    stages = stages == null ? List.of() : List.copyOf(stages);
    thresholds = copyThresholds(thresholds);
    thinkTime = thinkTime == null ? Duration.ZERO : thinkTime;
    users = users == null ? List.of() : List.copyOf(users);
    List<String> problems = new ArrayList<>();
    boolean ramping = executor == Executor.RAMPING_ARRIVAL_RATE || executor == Executor.RAMPING_VUS;
    if (executor.arrivalRate()) {
      check(
          problems,
          ramping ? rate >= 0 : rate >= 1,
          "rate must be >= " + (ramping ? 0 : 1) + ", got " + rate);
      check(
          problems,
          timeUnit != null && timeUnit.toMillis() >= 1,
          "timeUnit must be at least 1 ms, got " + timeUnit);
      check(problems, preAllocatedVUs >= 1, "preAllocatedVUs must be >= 1, got " + preAllocatedVUs);
      check(
          problems,
          maxVUs >= preAllocatedVUs,
          "maxVUs must be >= preAllocatedVUs (" + preAllocatedVUs + "), got " + maxVUs);
    } else {
      check(
          problems,
          ramping ? vus >= 0 : vus >= 1,
          "vus must be >= " + (ramping ? 0 : 1) + ", got " + vus);
    }
    if (ramping) {
      check(problems, !stages.isEmpty(), "stages must not be empty for " + executor.k6Name());
    } else {
      check(
          problems,
          duration != null && duration.toMillis() >= 1,
          "duration must be at least 1 ms, got " + duration);
    }
    check(problems, !thinkTime.isNegative(), "thinkTime must be >= 0, got " + thinkTime);
    check(
        problems,
        target != null && isHttp(target),
        "target must be an absolute http(s) URL, got " + target);
    check(problems, !users.isEmpty(), "users must not be empty");
    if (!problems.isEmpty()) {
      throw new TestOpsException.InvalidInput(
          "invalid k6 scenario: " + String.join("; ", problems));
    }
  }

  private static void check(List<String> problems, boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }

  private static boolean isHttp(URI uri) {
    String scheme = uri.getScheme();
    return uri.getHost() != null && ("http".equals(scheme) || "https".equals(scheme));
  }

  private static Map<String, List<String>> copyThresholds(Map<String, List<String>> thresholds) {
    if (thresholds == null) {
      return Map.of();
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    thresholds.forEach((metric, expressions) -> copy.put(metric, List.copyOf(expressions)));
    return Collections.unmodifiableMap(copy);
  }
}
