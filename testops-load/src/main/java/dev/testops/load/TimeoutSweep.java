package dev.testops.load;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Request timeouts on one event loop: the loop's requests in the order they were sent and one
 * periodic sweep. Every request has the same timeout, so they fall due in that order: the sweep
 * drops the answered ones from the head, times out the overdue ones and stops at the first that is
 * neither. A timer per request would cost a schedule and a cancel each; a pass over all the VUs
 * would touch every idle one (10,000 of them, a millisecond's stall of the loop) each period. This
 * costs a constant per request, and a timeout fires at most one period late. Confined to its loop.
 */
final class TimeoutSweep implements Runnable {
  private static final long MAX_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final int INITIAL_CAPACITY = 64;

  private final long timeoutNanos;
  private final LongSupplier clock;
  // A ring of (VU, iteration) in send order; an entry is stale once that iteration has ended.
  private Vu[] vus = new Vu[INITIAL_CAPACITY];
  private long[] iterations = new long[INITIAL_CAPACITY];
  private int head;
  private int size;

  private TimeoutSweep(long timeoutNanos, LongSupplier clock) {
    this.timeoutNanos = timeoutNanos;
    this.clock = clock;
  }

  /**
   * Starts the loop's sweep (a tenth of the timeout, at most 100 ms, at least 1 ms apart); it ends
   * when the loop shuts down.
   */
  static TimeoutSweep start(EventLoop loop, long timeoutMillis, LongSupplier clock) {
    long timeout = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    long period =
        Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(MAX_PERIOD_NANOS, timeout / 10));
    var sweep = new TimeoutSweep(timeout, clock);
    loop.scheduleAtFixedRate(sweep, period, period, TimeUnit.NANOSECONDS);
    return sweep;
  }

  /** Records a request the VU just sent as its {@code iteration}; on the loop. */
  void sent(Vu vu, long iteration) {
    if (size == vus.length) {
      grow();
    }
    int tail = (head + size) & (vus.length - 1);
    vus[tail] = vu;
    iterations[tail] = iteration;
    size++;
  }

  /** The sweep; on the loop. */
  @Override
  public void run() {
    long now = clock.getAsLong();
    while (size > 0) {
      Vu vu = vus[head];
      if (vu.awaits(iterations[head])) {
        if (!vu.overdue(now, timeoutNanos)) {
          return;
        }
        vu.timeOut();
      }
      vus[head] = null;
      head = (head + 1) & (vus.length - 1);
      size--;
    }
  }

  private void grow() {
    var biggerVus = new Vu[vus.length * 2];
    var biggerIterations = new long[vus.length * 2];
    for (int i = 0; i < size; i++) {
      int from = (head + i) & (vus.length - 1);
      biggerVus[i] = vus[from];
      biggerIterations[i] = iterations[from];
    }
    vus = biggerVus;
    iterations = biggerIterations;
    head = 0;
  }
}
