package dev.testops.load;

import java.util.List;

/**
 * The open model's intended send times: the arrival rate is piecewise linear (k6's stages), and
 * arrival {@code k} (from 0) is intended at the time {@code t} where the integral of the rate from
 * the start reaches {@code k}. So a constant 200/s gives 0, 5, 10, ... ms. Pure arithmetic, no
 * clock; not thread-safe (one scheduler owns one).
 */
public final class ArrivalSchedule {
  private static final double NANOS_PER_SECOND = 1e9;

  /** Per segment: start (s), length (s), rate at start and end (/s), arrivals before it. */
  private final double[] start;

  private final double[] length;
  private final double[] fromRate;
  private final double[] toRate;
  private final double[] before;
  private final double total;
  private int segment;
  private long next;

  /**
   * Creates the schedule.
   *
   * @param initialRatePerSecond the rate at time 0
   * @param stages each ramps linearly from the previous target to its own over its duration
   */
  public ArrivalSchedule(double initialRatePerSecond, List<Stage> stages) {
    int n = stages.size();
    start = new double[n];
    length = new double[n];
    fromRate = new double[n];
    toRate = new double[n];
    before = new double[n];
    double t = 0;
    double rate = initialRatePerSecond;
    double arrivals = 0;
    for (int i = 0; i < n; i++) {
      Stage stage = stages.get(i);
      start[i] = t;
      length[i] = stage.durationMillis() / 1000.0;
      fromRate[i] = rate;
      toRate[i] = stage.target();
      before[i] = arrivals;
      arrivals += (fromRate[i] + toRate[i]) / 2 * length[i];
      t += length[i];
      rate = stage.target();
    }
    total = arrivals;
  }

  /** The schedule of a scenario's open model. */
  public static ArrivalSchedule of(Scenario scenario) {
    return new ArrivalSchedule(scenario.initialRatePerSecond(), scenario.rateStages());
  }

  /** How many arrivals the whole schedule holds. */
  public long totalArrivals() {
    // Arrival k exists when k < total (the integral reaches k strictly inside the schedule).
    long whole = (long) Math.ceil(total - 1e-9);
    return Math.max(whole, 0);
  }

  /**
   * The intended time of the next arrival, in nanoseconds from the start, or {@link Long#MAX_VALUE}
   * when the schedule is over.
   */
  public long nextNanos() {
    long k = next;
    while (segment < start.length && k >= before[segment] + area(segment) - 1e-9) {
      segment++;
    }
    if (segment >= start.length || k >= totalArrivals()) {
      return Long.MAX_VALUE;
    }
    next++;
    double n = k - before[segment];
    double b = fromRate[segment];
    double a = (toRate[segment] - b) / (2 * length[segment]);
    // Solves a*t^2 + b*t = n in the cancellation-free form.
    double tau = n <= 0 ? 0 : 2 * n / (b + Math.sqrt(Math.max(0, b * b + 4 * a * n)));
    return Math.round((start[segment] + tau) * NANOS_PER_SECOND);
  }

  private double area(int i) {
    return (fromRate[i] + toRate[i]) / 2 * length[i];
  }
}
