package dev.testops.load;

import dev.testops.core.TestOpsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One load scenario, in k6's vocabulary. Build one with {@link #constantArrivalRate} or {@link
 * #constantVus} and the withers, or read it with {@link ScenarioLoader}.
 *
 * @param name the scenario's name
 * @param executor how iterations are scheduled
 * @param ratePerSecond arrivals per second ({@code constant-arrival-rate})
 * @param startRatePerSecond the rate a {@code ramping-arrival-rate} starts from
 * @param stages the stages of a ramping executor (empty otherwise)
 * @param preAllocatedVus VUs connected before the open model starts
 * @param maxVus the most VUs the open model may allocate
 * @param vus the VUs of {@code constant-vus}, or the VUs {@code ramping-vus} starts with
 * @param durationMillis how long a constant executor runs (ramping ones: the stages' sum)
 * @param thinkTimeMillis the closed model's pause between iterations; {@link #SIM_THINK_TIME} for
 *     the SIM user's own think times
 * @param maxWaitMillis how long an open-model arrival may wait for a free VU before it is dropped;
 *     0 (k6) drops at once. Latency is measured from the intended time either way.
 * @param timeoutMillis a request with no answer after this long fails as a timeout
 * @param gracefulStopMillis how long in-flight requests may finish after the duration
 * @param thresholds metric name to k6 threshold expressions, e.g. {@code p(95)<500}
 * @param warmupMillis how long traffic is sent before the measured window, at the scenario's
 *     starting rate (open model) or VU count (closed); its results are kept apart, never in the
 *     metrics or thresholds. 0 turns it off.
 */
public record Scenario(
    String name,
    Executor executor,
    double ratePerSecond,
    double startRatePerSecond,
    List<Stage> stages,
    int preAllocatedVus,
    int maxVus,
    int vus,
    long durationMillis,
    long thinkTimeMillis,
    long maxWaitMillis,
    long timeoutMillis,
    long gracefulStopMillis,
    Map<String, List<String>> thresholds,
    long warmupMillis) {

  /** The ceiling on VUs (open model: {@code maxVUs}; closed: the peak VU count). */
  public static final int MAX_VUS = 10_000;

  /** {@link #thinkTimeMillis} value meaning: use the SIM user's think time for each turn. */
  public static final long SIM_THINK_TIME = -1;

  /** k6's default request timeout: 60 s. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 60_000;

  /** k6's default graceful stop: 30 s. */
  public static final long DEFAULT_GRACEFUL_STOP_MILLIS = 30_000;

  /**
   * The warm-up of a scenario read from a file or built by the CLI that names none: 10 s, long
   * enough for the JIT of both sides and for connecting 10,000 VUs on a small machine.
   */
  public static final long DEFAULT_WARMUP_MILLIS = 10_000;

  /**
   * Validates every field and lists every violation.
   *
   * @throws TestOpsException.CeilingExceeded when the VUs exceed {@value #MAX_VUS}, naming it
   * @throws TestOpsException.InvalidInput naming every other problem
   */
  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(executor, "executor");
    stages = List.copyOf(stages);
    Map<String, List<String>> sorted = new TreeMap<>();
    thresholds.forEach((metric, expressions) -> sorted.put(metric, List.copyOf(expressions)));
    thresholds = java.util.Collections.unmodifiableMap(sorted);
    List<String> problems =
        validate(
            executor,
            ratePerSecond,
            startRatePerSecond,
            stages,
            preAllocatedVus,
            maxVus,
            vus,
            durationMillis,
            thinkTimeMillis,
            maxWaitMillis,
            timeoutMillis,
            gracefulStopMillis,
            warmupMillis);
    for (var entry : thresholds.entrySet()) {
      for (String expression : entry.getValue()) {
        try {
          Threshold.parse(entry.getKey(), expression);
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
    }
    int peak = peakVus(executor, stages, maxVus, vus);
    String prefix = "scenario '" + name + "': ";
    if (peak > MAX_VUS) {
      problems.add(
          0,
          String.format(
              Locale.ROOT,
              "%,d VUs exceed the ceiling of %,d VUs per load run (MAX_VUS)",
              peak,
              MAX_VUS));
      throw new TestOpsException.CeilingExceeded(prefix + String.join("; ", problems));
    }
    if (!problems.isEmpty()) {
      throw new TestOpsException.InvalidInput(prefix + String.join("; ", problems));
    }
  }

  /** An open-model scenario at a constant arrival rate, k6's defaults elsewhere, no warm-up. */
  public static Scenario constantArrivalRate(
      String name, double ratePerSecond, long durationMillis, int preAllocatedVus, int maxVus) {
    return new Scenario(
        name,
        Executor.CONSTANT_ARRIVAL_RATE,
        ratePerSecond,
        0,
        List.of(),
        preAllocatedVus,
        maxVus,
        0,
        durationMillis,
        SIM_THINK_TIME,
        0,
        DEFAULT_TIMEOUT_MILLIS,
        DEFAULT_GRACEFUL_STOP_MILLIS,
        Map.of(),
        0);
  }

  /**
   * A closed-model scenario with a fixed number of VUs and the SIM users' think times, no warm-up.
   */
  public static Scenario constantVus(String name, int vus, long durationMillis) {
    return new Scenario(
        name,
        Executor.CONSTANT_VUS,
        0,
        0,
        List.of(),
        0,
        0,
        vus,
        durationMillis,
        SIM_THINK_TIME,
        0,
        DEFAULT_TIMEOUT_MILLIS,
        DEFAULT_GRACEFUL_STOP_MILLIS,
        Map.of(),
        0);
  }

  /** Returns this scenario with other thresholds. */
  public Scenario withThresholds(Map<String, List<String>> newThresholds) {
    return new Scenario(
        name,
        executor,
        ratePerSecond,
        startRatePerSecond,
        stages,
        preAllocatedVus,
        maxVus,
        vus,
        durationMillis,
        thinkTimeMillis,
        maxWaitMillis,
        timeoutMillis,
        gracefulStopMillis,
        newThresholds,
        warmupMillis);
  }

  /** Returns this scenario with a fixed think time ({@link #SIM_THINK_TIME} for the SIM's). */
  public Scenario withThinkTimeMillis(long millis) {
    return new Scenario(
        name,
        executor,
        ratePerSecond,
        startRatePerSecond,
        stages,
        preAllocatedVus,
        maxVus,
        vus,
        durationMillis,
        millis,
        maxWaitMillis,
        timeoutMillis,
        gracefulStopMillis,
        thresholds,
        warmupMillis);
  }

  /** Returns this scenario with another wait for a free VU and another request timeout. */
  public Scenario withWaitAndTimeoutMillis(long newMaxWaitMillis, long newTimeoutMillis) {
    return new Scenario(
        name,
        executor,
        ratePerSecond,
        startRatePerSecond,
        stages,
        preAllocatedVus,
        maxVus,
        vus,
        durationMillis,
        thinkTimeMillis,
        newMaxWaitMillis,
        newTimeoutMillis,
        gracefulStopMillis,
        thresholds,
        warmupMillis);
  }

  /** Returns this scenario with another warm-up (0: none). */
  public Scenario withWarmupMillis(long millis) {
    return new Scenario(
        name,
        executor,
        ratePerSecond,
        startRatePerSecond,
        stages,
        preAllocatedVus,
        maxVus,
        vus,
        durationMillis,
        thinkTimeMillis,
        maxWaitMillis,
        timeoutMillis,
        gracefulStopMillis,
        thresholds,
        millis);
  }

  /**
   * The open model's rate during the warm-up: the starting rate, or the first stage's target when a
   * ramp starts from 0 (a warm-up at 0 would warm nothing).
   */
  public double warmupRatePerSecond() {
    double start = initialRatePerSecond();
    return start > 0 || stages.isEmpty() ? start : stages.get(0).target();
  }

  /** The closed model's VUs during the warm-up: the starting VUs, or the first stage's target. */
  public int warmupVus() {
    if (vus > 0 || stages.isEmpty()) {
      return vus;
    }
    return (int) Math.max(1, Math.round(stages.get(0).target()));
  }

  /** How long the scenario runs: its duration, or the sum of its stages. */
  public long totalDurationMillis() {
    return executor.ramping()
        ? stages.stream().mapToLong(Stage::durationMillis).sum()
        : durationMillis;
  }

  /** The most VUs the scenario may hold at once. */
  public int peakVus() {
    return peakVus(executor, stages, maxVus, vus);
  }

  /** The open model's arrival rate over time, as stages (a constant rate is one flat stage). */
  public List<Stage> rateStages() {
    return executor == Executor.CONSTANT_ARRIVAL_RATE
        ? List.of(new Stage(durationMillis, ratePerSecond))
        : stages;
  }

  /** The rate the open model starts at. */
  public double initialRatePerSecond() {
    return executor == Executor.CONSTANT_ARRIVAL_RATE ? ratePerSecond : startRatePerSecond;
  }

  private static int peakVus(Executor executor, List<Stage> stages, int maxVus, int vus) {
    if (executor.open()) {
      return Math.max(maxVus, 0);
    }
    double peak = vus;
    for (Stage stage : stages) {
      peak = Math.max(peak, stage.target());
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.ceil(peak));
  }

  private static List<String> validate(
      Executor executor,
      double rate,
      double startRate,
      List<Stage> stages,
      int preAllocatedVus,
      int maxVus,
      int vus,
      long durationMillis,
      long thinkTimeMillis,
      long maxWaitMillis,
      long timeoutMillis,
      long gracefulStopMillis,
      long warmupMillis) {
    List<String> problems = new ArrayList<>();
    Map<String, Boolean> checks = new LinkedHashMap<>();
    if (executor.ramping()) {
      checks.put("stages must not be empty", stages.isEmpty());
      checks.put(
          "stages must last longer than 0 s",
          stages.stream().mapToLong(Stage::durationMillis).sum() <= 0);
    } else {
      checks.put("duration must be > 0, was " + durationMillis + " ms", durationMillis <= 0);
    }
    if (executor.open()) {
      checks.put(
          "rate must be > 0 per second, was " + rate,
          executor == Executor.CONSTANT_ARRIVAL_RATE && !(rate > 0 && Double.isFinite(rate)));
      checks.put(
          "startRate must be >= 0, was " + startRate,
          !(startRate >= 0 && Double.isFinite(startRate)));
      checks.put("preAllocatedVUs must be >= 1, was " + preAllocatedVus, preAllocatedVus < 1);
      checks.put(
          "maxVUs (" + maxVus + ") must be >= preAllocatedVUs (" + preAllocatedVus + ")",
          maxVus < preAllocatedVus);
    } else {
      checks.put(
          "vus must be >= 1, was " + vus, executor == Executor.CONSTANT_VUS ? vus < 1 : vus < 0);
      checks.put(
          "thinkTime must be >= 0 ms or 'sim', was " + thinkTimeMillis,
          thinkTimeMillis < 0 && thinkTimeMillis != SIM_THINK_TIME);
    }
    checks.put("maxWait must be >= 0, was " + maxWaitMillis, maxWaitMillis < 0);
    checks.put("timeout must be > 0, was " + timeoutMillis, timeoutMillis <= 0);
    checks.put("gracefulStop must be >= 0, was " + gracefulStopMillis, gracefulStopMillis < 0);
    checks.put("warmup must be >= 0, was " + warmupMillis + " ms", warmupMillis < 0);
    checks.forEach(
        (message, failed) -> {
          if (failed) {
            problems.add(message);
          }
        });
    return problems;
  }
}
