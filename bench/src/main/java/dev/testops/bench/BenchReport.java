package dev.testops.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Renders a {@link BenchResult}: the timings, a table of figures against their goals, and one final
 * line of JSON with every figure. Figures are medians over the measured rounds; the peak heap is
 * the highest of any measured large batch. The JSON keys say {@code 10k} and {@code 1k} for the
 * large and small batches whatever their sizes ({@code users_large}, {@code users_small}).
 */
final class BenchReport {
  /** Goal: the large SIM batch, end to end, in at most this many seconds. */
  static final double GOAL_SIM_SECONDS = 5.0;

  /** Goal: the peak heap during the large SIM batch, at most this many MiB. */
  static final double GOAL_PEAK_HEAP_MIB = 512.0;

  /** Goal: SIM at most this many percent slower than the bare engine loop. */
  static final double GOAL_OVERHEAD_PERCENT = 10.0;

  /** Goal: the large batch at most this many times slower than the small one. */
  static final double GOAL_RATIO_LARGE_SMALL = 11.0;

  private static final String ROW = "%-40s %12s  %-12s %s%n";

  private final BenchOptions options;
  private final BenchResult result;
  private final double simSeconds;
  private final double peakHeapMib;
  private final double overheadPercent;
  private final double overheadCpuPercent;
  private final double ratio;
  private final double replayOverSim;

  BenchReport(BenchOptions options, BenchResult result) {
    this.options = options;
    this.result = result;
    simSeconds = result.simLarge.medianSeconds();
    peakHeapMib = result.peakHeapBytes / (1024.0 * 1024.0);
    double bare = result.bareLarge.medianSeconds();
    overheadPercent = (simSeconds - bare) / bare * 100;
    double bareCpu = result.bareLarge.medianCpuSeconds();
    overheadCpuPercent = (result.simLarge.medianCpuSeconds() - bareCpu) / bareCpu * 100;
    ratio = simSeconds / result.simSmall.medianSeconds();
    replayOverSim = result.replayLarge.medianSeconds() / simSeconds;
  }

  /** Prints the timings, the figures and the JSON line. */
  void print(PrintStream out) {
    int large = options.usersLarge();
    int small = options.usersSmall();
    out.printf(
        Locale.ROOT, "%n%-28s %9s %10s  %s%n", "timing", "median", "CPU median", "samples (ms)");
    timing(out, "SIM " + large + " users", result.simLarge);
    timing(out, "bare loop " + large + " users", result.bareLarge);
    timing(out, "SIM " + small + " users", result.simSmall);
    timing(out, "replay " + large + " users", result.replayLarge);

    out.printf(Locale.ROOT, "%n" + ROW, "figure", "value", "goal", "verdict");
    figure(
        out,
        "SIM " + large + " x " + result.turnsPerUser + " wall time",
        fmt("%.2f s", simSeconds),
        fmt("<= %.0f s", GOAL_SIM_SECONDS),
        simPass());
    figure(
        out,
        "peak heap during SIM " + large,
        fmt("%.0f MiB", peakHeapMib),
        fmt("<= %.0f MiB", GOAL_PEAK_HEAP_MIB),
        heapPass());
    figure(
        out,
        "SIM overhead over bare engine loop",
        fmt("%.1f %%", overheadPercent),
        fmt("<= %.0f %%", GOAL_OVERHEAD_PERCENT),
        overheadPass());
    figure(
        out,
        "SIM " + large + " / SIM " + small + " time",
        fmt("%.2f", ratio),
        fmt("<= %.0f", GOAL_RATIO_LARGE_SMALL),
        ratioPass());
    figure(out, "first SIM " + large + " (cold JVM)", fmt("%.2f s", coldSimSeconds()), "-", null);
    figure(out, "replay / SIM time (" + large + " users)", fmt("%.2f", replayOverSim), "-", null);
    figure(out, "SIM overhead in CPU time", fmt("%.1f %%", overheadCpuPercent), "-", null);
    out.printf(
        Locale.ROOT,
        "replay determinism score: %s%n%n",
        String.join(", ", result.determinismScores));
    out.println(json());
  }

  private String json() {
    var json = new StringBuilder("{");
    field(json, "sim_10k_seconds", fmt("%.4f", simSeconds));
    field(json, "sim_10k_pass", simPass());
    field(json, "peak_heap_mib", fmt("%.1f", peakHeapMib));
    field(json, "peak_heap_pass", heapPass());
    field(json, "overhead_percent", fmt("%.2f", overheadPercent));
    field(json, "overhead_pass", overheadPass());
    field(json, "ratio_10k_1k", fmt("%.3f", ratio));
    field(json, "ratio_pass", ratioPass());
    field(json, "replay_over_sim", fmt("%.3f", replayOverSim));
    field(json, "overhead_cpu_percent", fmt("%.2f", overheadCpuPercent));
    field(json, "sim_10k_cold_seconds", fmt("%.4f", coldSimSeconds()));
    field(json, "sim_1k_seconds", fmt("%.4f", result.simSmall.medianSeconds()));
    field(json, "bare_10k_seconds", fmt("%.4f", result.bareLarge.medianSeconds()));
    field(json, "replay_10k_seconds", fmt("%.4f", result.replayLarge.medianSeconds()));
    field(json, "sim_10k_cpu_seconds", fmt("%.4f", result.simLarge.medianCpuSeconds()));
    field(json, "bare_10k_cpu_seconds", fmt("%.4f", result.bareLarge.medianCpuSeconds()));
    field(json, "users_large", options.usersLarge());
    field(json, "users_small", options.usersSmall());
    field(json, "turns_per_user", result.turnsPerUser);
    field(json, "threads", options.threads());
    field(json, "records_format", "\"" + options.codec().format() + "\"");
    field(json, "warmup", options.warmups());
    field(json, "iterations", options.iterations());
    field(json, "max_heap_mib", JvmGauges.maxHeapBytes() >> 20);
    field(json, "sim_10k_samples_seconds", result.simLarge.secondsJson());
    field(json, "bare_10k_samples_seconds", result.bareLarge.secondsJson());
    field(json, "sim_1k_samples_seconds", result.simSmall.secondsJson());
    field(json, "replay_10k_samples_seconds", result.replayLarge.secondsJson());
    json.setCharAt(json.length() - 1, '}');
    return json.toString();
  }

  private double coldSimSeconds() {
    return result.coldSimLarge.wallNanos() / 1e9;
  }

  private boolean simPass() {
    return simSeconds <= GOAL_SIM_SECONDS;
  }

  private boolean heapPass() {
    return peakHeapMib <= GOAL_PEAK_HEAP_MIB;
  }

  private boolean overheadPass() {
    return overheadPercent <= GOAL_OVERHEAD_PERCENT;
  }

  private boolean ratioPass() {
    return ratio <= GOAL_RATIO_LARGE_SMALL;
  }

  private static void timing(PrintStream out, String label, Samples samples) {
    out.printf(
        Locale.ROOT,
        "%-28s %6.0f ms %7.0f ms  %s%n",
        label,
        samples.medianSeconds() * 1000,
        samples.medianCpuSeconds() * 1000,
        samples.millisList());
  }

  /** Prints one row; a figure without a goal ({@code pass} null) is marked as reported only. */
  private static void figure(
      PrintStream out, String label, String value, String goal, Boolean pass) {
    String verdict = pass == null ? "(reported)" : pass ? "PASS" : "MISS";
    out.printf(Locale.ROOT, ROW, label, value, goal, verdict);
  }

  /** Appends {@code "name":value,}; the value is written as it is (a number, boolean or array). */
  private static void field(StringBuilder json, String name, Object value) {
    json.append('"').append(name).append("\":").append(value).append(',');
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
