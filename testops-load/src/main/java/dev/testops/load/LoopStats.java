package dev.testops.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one event loop measured: HdrHistogram recorders (written by the loop, read by the reporter
 * once a second) and counters. All values in microseconds.
 */
final class LoopStats {
  /** One hour in microseconds: anything slower is clamped, and would fail a timeout anyway. */
  static final long HIGHEST_MICROS = 3_600_000_000L;

  /** Three significant digits: 0.1 % precision. */
  static final int DIGITS = 3;

  final Recorder latency = new Recorder(HIGHEST_MICROS, DIGITS);
  final Recorder service = new Recorder(HIGHEST_MICROS, DIGITS);
  final Recorder lag = new Recorder(HIGHEST_MICROS, DIGITS);
  // The lag without the wait for a new connection: what the generator alone made late.
  final Recorder dispatch = new Recorder(HIGHEST_MICROS, DIGITS);
  final AtomicLong requests = new AtomicLong();
  final AtomicLong checksPassed = new AtomicLong();
  final AtomicLong checksFailed = new AtomicLong();
  final AtomicLongArray errors = new AtomicLongArray(ErrorKind.values().length);
  private Histogram latencyInterval;
  private Histogram serviceInterval;
  private Histogram lagInterval;
  private Histogram dispatchInterval;

  /** Records an answered request (any status); times in nanoseconds. */
  void answered(long intendedNanos, long sentNanos, long doneNanos) {
    latency.recordValue(clamp((doneNanos - intendedNanos) / 1000));
    service.recordValue(clamp((doneNanos - sentNanos) / 1000));
  }

  /**
   * Records how late a request was sent compared with its intended time, and how late without the
   * {@code connectNanos} it waited for a new connection.
   */
  void sent(long intendedNanos, long sentNanos, long connectNanos) {
    long lateMicros = clamp((sentNanos - intendedNanos) / 1000);
    lag.recordValue(lateMicros);
    dispatch.recordValue(clamp((sentNanos - intendedNanos - connectNanos) / 1000));
  }

  /** Counts a finished request: its check result and its error, if any. */
  void finished(boolean checkPassed, ErrorKind error) {
    requests.incrementAndGet();
    (checkPassed ? checksPassed : checksFailed).incrementAndGet();
    if (error != null) {
      errors.incrementAndGet(error.ordinal());
    }
  }

  /** Moves this loop's interval into the reporter's histograms; reporter thread only. */
  void drainInto(
      Histogram latencyOut, Histogram serviceOut, Histogram lagOut, Histogram dispatchOut) {
    latencyInterval = latency.getIntervalHistogram(latencyInterval);
    serviceInterval = service.getIntervalHistogram(serviceInterval);
    lagInterval = lag.getIntervalHistogram(lagInterval);
    dispatchInterval = dispatch.getIntervalHistogram(dispatchInterval);
    latencyOut.add(latencyInterval);
    serviceOut.add(serviceInterval);
    lagOut.add(lagInterval);
    dispatchOut.add(dispatchInterval);
  }

  private static long clamp(long micros) {
    return Math.max(0, Math.min(micros, HIGHEST_MICROS));
  }
}
