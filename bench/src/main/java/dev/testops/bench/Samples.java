package dev.testops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** The measured timings of one step, in the order they were taken. */
final class Samples {
  private final List<Timing> timings = new ArrayList<>();

  /**
   * One measurement.
   *
   * @param wallNanos elapsed wall-clock time, in nanoseconds
   * @param cpuNanos CPU time the whole JVM used meanwhile (every thread, GC and JIT included), in
   *     nanoseconds; unlike wall time it hardly moves when other processes share the machine
   */
  record Timing(long wallNanos, long cpuNanos) {}

  /** Adds one measurement. */
  void add(Timing timing) {
    timings.add(timing);
  }

  /** The median wall-clock time, in seconds (the mean of the middle two for an even count). */
  double medianSeconds() {
    return median(Timing::wallNanos) / 1e9;
  }

  /** The median CPU time, in seconds. */
  double medianCpuSeconds() {
    return median(Timing::cpuNanos) / 1e9;
  }

  /** Every wall-clock time in milliseconds, in order, e.g. {@code [812, 798, 805]}. */
  String millisList() {
    return timings.stream()
        .map(t -> String.format(Locale.ROOT, "%d", Math.round(t.wallNanos() / 1e6)))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** Every wall-clock time in seconds, as a JSON array. */
  String secondsJson() {
    return timings.stream()
        .map(t -> String.format(Locale.ROOT, "%.4f", t.wallNanos() / 1e9))
        .collect(Collectors.joining(",", "[", "]"));
  }

  private double median(ToLongFunction<Timing> field) {
    long[] sorted = timings.stream().mapToLong(field).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
