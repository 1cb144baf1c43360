package dev.testops.load;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Request timeouts as one periodic sweep per event loop over that loop's VUs. A timer per request
 * costs a schedule and a cancel on every request (and timer-queue work with many connections); the
 * sweep costs a pass over the VUs a few times a second, and a timeout fires at most one period
 * late.
 */
final class TimeoutSweep {
  private static final long MAX_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private TimeoutSweep() {}

  /** Starts the sweeps; they end when the group shuts down. */
  static void start(EventLoopGroup group, List<Vu> vus, long timeoutMillis, LongSupplier clock) {
    long timeout = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    // A tenth of the timeout, at most 100 ms, at least 1 ms.
    long period =
        Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(MAX_PERIOD_NANOS, timeout / 10));
    group.forEach(
        executor -> {
          EventLoop loop = (EventLoop) executor;
          loop.scheduleAtFixedRate(
              () -> sweep(loop, vus, clock.getAsLong(), timeout),
              period,
              period,
              TimeUnit.NANOSECONDS);
        });
  }

  /** On the loop, so it may touch the state of the loop's own VUs (and only theirs). */
  private static void sweep(EventLoop loop, List<Vu> vus, long now, long timeout) {
    for (Vu vu : vus) {
      if (vu.loop == loop) {
        vu.sweep(now, timeout);
      }
    }
  }
}
