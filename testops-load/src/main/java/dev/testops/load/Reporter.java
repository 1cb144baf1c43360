package dev.testops.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Merges the event loops' recorders once a second into the per-second series and the run's totals.
 * One thread calls {@link #tick}; the methods are synchronized so the final flush cannot interleave
 * with a periodic one.
 */
final class Reporter {
  private static final System.Logger LOG = System.getLogger(Reporter.class.getName());
  private final List<LoopStats> loops;
  private final Histogram second = histogram();
  private final Histogram secondService = histogram();
  private final Histogram secondLag = histogram();
  private final Histogram latency = histogram();
  private final Histogram service = histogram();
  private final Histogram lag = histogram();
  private final Histogram secondDispatch = histogram();
  private final Histogram dispatch = histogram();
  private final List<SecondStats> series = new ArrayList<>();
  private long requests;
  private long checksPassed;
  private long checksFailed;
  private final long[] errors = new long[ErrorKind.values().length];
  private final Consumer<SecondStats> onSecond;

  /**
   * Creates a reporter.
   *
   * @param onSecond told each second as it closes (on the reporter's thread); a listener that
   *     throws loses its own updates, never the measurement
   */
  Reporter(List<LoopStats> loops, Consumer<SecondStats> onSecond) {
    this.loops = List.copyOf(loops);
    this.onSecond = onSecond;
  }

  static Histogram histogram() {
    return new Histogram(LoopStats.HIGHEST_MICROS, LoopStats.DIGITS);
  }

  /**
   * Starts a daemon thread that calls {@link #tick} once a second, the first after {@code
   * untilOriginNanos} plus one second.
   */
  java.util.concurrent.ScheduledExecutorService everySecond(
      long untilOriginNanos, java.util.function.IntSupplier vus) {
    var thread =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "load-reporter");
              t.setDaemon(true);
              return t;
            });
    long second = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    thread.scheduleAtFixedRate(
        () -> tick(vus.getAsInt()),
        Math.max(0, untilOriginNanos + second),
        second,
        java.util.concurrent.TimeUnit.NANOSECONDS);
    return thread;
  }

  /** Closes one second of the series (the last may be partial): merges and counts. */
  synchronized void tick(int vus) {
    second.reset();
    secondService.reset();
    secondLag.reset();
    secondDispatch.reset();
    long totalRequests = 0;
    long passed = 0;
    long failed = 0;
    long[] totalErrors = new long[errors.length];
    for (LoopStats loop : loops) {
      loop.drainInto(second, secondService, secondLag, secondDispatch);
      totalRequests += loop.requests.get();
      passed += loop.checksPassed.get();
      failed += loop.checksFailed.get();
      for (int i = 0; i < totalErrors.length; i++) {
        totalErrors[i] += loop.errors.get(i);
      }
    }
    latency.add(second);
    service.add(secondService);
    lag.add(secondLag);
    dispatch.add(secondDispatch);
    Map<ErrorKind, Long> secondErrors = new EnumMap<>(ErrorKind.class);
    for (ErrorKind kind : ErrorKind.values()) {
      long delta = totalErrors[kind.ordinal()] - errors[kind.ordinal()];
      if (delta > 0) {
        secondErrors.put(kind, delta);
      }
    }
    SecondStats closed =
        new SecondStats(
            series.size(),
            totalRequests - requests,
            secondErrors,
            vus,
            second.getTotalCount(),
            second.getValueAtPercentile(50),
            second.getValueAtPercentile(90),
            second.getValueAtPercentile(95),
            second.getValueAtPercentile(99),
            second.getMaxValue());
    series.add(closed);
    requests = totalRequests;
    checksPassed = passed;
    checksFailed = failed;
    System.arraycopy(totalErrors, 0, errors, 0, errors.length);
    try {
      onSecond.accept(closed);
    } catch (RuntimeException e) {
      // A live view that fails must not stop the series: the scheduler would drop later ticks.
      LOG.log(System.Logger.Level.WARNING, "live load listener failed: " + e);
    }
  }

  /** The totals so far; call after the final {@link #tick}. */
  synchronized Totals totals() {
    Map<ErrorKind, Long> byKind = new EnumMap<>(ErrorKind.class);
    for (ErrorKind kind : ErrorKind.values()) {
      byKind.put(kind, errors[kind.ordinal()]);
    }
    return new Totals(
        requests,
        checksPassed,
        checksFailed,
        byKind,
        latency.copy(),
        service.copy(),
        lag.copy(),
        dispatch.copy(),
        List.copyOf(series));
  }

  /**
   * Everything the loops measured over the run.
   *
   * @param requests finished requests (answered or failed)
   * @param checksPassed requests whose check (status 200, digest = SHA-256 of the answer) held
   * @param checksFailed requests whose check failed
   * @param errors failed requests by kind
   * @param latency response time minus intended send time, microseconds (answered requests)
   * @param service response time minus actual send time, microseconds (uncorrected)
   * @param lag actual minus intended send time, microseconds
   * @param dispatch the lag less any wait for a new connection: how late the generator itself was,
   *     microseconds
   * @param series one entry per second
   */
  record Totals(
      long requests,
      long checksPassed,
      long checksFailed,
      Map<ErrorKind, Long> errors,
      Histogram latency,
      Histogram service,
      Histogram lag,
      Histogram dispatch,
      List<SecondStats> series) {

    /** Requests that failed, of any kind. */
    long failed() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
