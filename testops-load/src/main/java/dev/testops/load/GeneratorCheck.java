package dev.testops.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether the generator itself was the bottleneck of a run's measured window, with the evidence.
 * The generator was saturated when any of these held:
 *
 * <ul>
 *   <li>dispatch lag p99 over {@value #MAX_LAG_P99_MILLIS} ms: the schedule lag (actual minus
 *       intended send time) less any wait for a new connection, i.e. requests the generator itself
 *       could not send on time (a slow connect is the network's or the target's, and shows in
 *       {@code schedule_lag});
 *   <li>its busiest event loop was on CPU more than {@value #MAX_LOOP_CPU} of the wall time;
 *   <li>the whole process used more than {@value #MAX_PROCESS_CPU} of all cores.
 * </ul>
 *
 * A saturated generator makes the figures that depend on latency and throughput (see {@link
 * #dependsOnTheGenerator}) say nothing about the target: their thresholds are inconclusive.
 *
 * @param saturated whether any bound was exceeded
 * @param dispatchLagP99Millis the measured window's dispatch lag p99, in milliseconds
 * @param busiestLoopCpu the busiest event loop's CPU time over the window's wall time (0 to 1), or
 *     -1 when unknown
 * @param processCpu the process's CPU time over the window's wall time times the cores (0 to 1), or
 *     -1 when unknown
 * @param cores the cores the process may use
 * @param reasons one line per bound exceeded, naming the figure and the bound
 */
public record GeneratorCheck(
    boolean saturated,
    double dispatchLagP99Millis,
    double busiestLoopCpu,
    double processCpu,
    int cores,
    List<String> reasons) {

  /** Dispatch lag p99 above this (ms) means the generator could not send on time. */
  public static final double MAX_LAG_P99_MILLIS = 10;

  /** An event loop on CPU more than this share of the window was the bottleneck. */
  public static final double MAX_LOOP_CPU = 0.9;

  /** The process on CPU more than this share of all cores left the generator no room. */
  public static final double MAX_PROCESS_CPU = 0.9;

  /** A check with no evidence of saturation (e.g. for results read back or built in tests). */
  public static final GeneratorCheck NONE = new GeneratorCheck(false, 0, -1, -1, 1, List.of());

  private static final Set<String> GENERATOR_BOUND =
      Set.of(
          "http_req_duration", "http_req_waiting", "dropped_iterations", "iterations", "http_reqs");

  /** Copies the reasons. */
  public GeneratorCheck {
    reasons = List.copyOf(reasons);
  }

  /** Applies the bounds to the window's figures. */
  static GeneratorCheck of(
      double dispatchLagP99Millis, double busiestLoopCpu, double processCpu, int cores) {
    List<String> reasons = new ArrayList<>();
    if (dispatchLagP99Millis > MAX_LAG_P99_MILLIS) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "dispatch lag p99 %.3f ms > %.0f ms",
              dispatchLagP99Millis,
              MAX_LAG_P99_MILLIS));
    }
    if (busiestLoopCpu > MAX_LOOP_CPU) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "busiest event loop on CPU %.0f %% of the time > %.0f %%",
              busiestLoopCpu * 100,
              MAX_LOOP_CPU * 100));
    }
    if (processCpu > MAX_PROCESS_CPU) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "process CPU %.0f %% of %d cores > %.0f %%",
              processCpu * 100,
              cores,
              MAX_PROCESS_CPU * 100));
    }
    return new GeneratorCheck(
        !reasons.isEmpty(), dispatchLagP99Millis, busiestLoopCpu, processCpu, cores, reasons);
  }

  /**
   * Whether a metric's value is set by how fast the generator sends and reads as much as by the
   * target: latency, throughput and dropped iterations (errors and checks are the target's).
   */
  public static boolean dependsOnTheGenerator(String metric) {
    return GENERATOR_BOUND.contains(metric);
  }

  /** One line: why the generator counts as saturated, or that it did not. */
  public String describe() {
    return saturated
        ? "the load generator, not the target, was the bottleneck: " + String.join("; ", reasons)
        : "the load generator kept up";
  }
}
