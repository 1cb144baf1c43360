package dev.testops.load;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open model on one event loop: of the schedule's arrivals, those whose index is this loop's
 * modulo the number of loops, each fired by a timer on this loop and given to an idle VU of this
 * loop. Firing and dispatching on the loop that owns the VU's connection costs no thread hand-off
 * and no wake-up of another thread per arrival. Only when this loop has no idle VU does an arrival
 * go to a loop that has one; else a VU is allocated (up to {@code maxVUs}), else the arrival waits
 * ({@code maxWait}) or is dropped, counted. All state but the idle count is confined to the loop.
 */
final class ArrivalLoop implements Runnable {
  private final LoadRun run;
  final EventLoop loop;
  private final ArrivalSchedule schedule;
  private final int stride;
  private final CountDownLatch done;
  private final ArrayDeque<Vu> idle = new ArrayDeque<>();
  // Read by the other loops to find an idle VU; written by this loop only.
  private final AtomicInteger idleCount = new AtomicInteger();
  private long originNanos;
  // This loop's next arrival, nanoseconds from the origin; Long.MAX_VALUE when none is left.
  private long nextNanos;
  private long offered;
  private long warmupOffered;

  /**
   * Creates the loop's share of the schedule: arrivals {@code index}, {@code index + stride}, ...
   *
   * @param done counted down once when this loop's last arrival has been fired
   */
  ArrivalLoop(
      LoadRun run,
      EventLoop loop,
      ArrivalSchedule schedule,
      int index,
      int stride,
      CountDownLatch done) {
    this.run = run;
    this.loop = loop;
    this.schedule = schedule;
    this.stride = stride;
    this.done = done;
    nextNanos = skip(index);
  }

  /** Fires the arrivals from the origin (a {@link LoadRun#nanoTime} value) on; call on the loop. */
  void start(long originNanos) {
    this.originNanos = originNanos;
    run();
  }

  /**
   * The timer: fires every arrival that is due, then waits for the next; stops when the run does (a
   * cancel). On the loop.
   */
  @Override
  public void run() {
    if (run.stopping()) {
      nextNanos = Long.MAX_VALUE;
      done.countDown();
      return;
    }
    long now = run.nanoTime();
    while (nextNanos != Long.MAX_VALUE && originNanos + nextNanos <= now) {
      long intended = originNanos + nextNanos;
      if (run.inWarmup(intended)) {
        warmupOffered++;
      } else {
        offered++;
      }
      arrive(intended, true);
      nextNanos = skip(stride - 1);
    }
    if (nextNanos == Long.MAX_VALUE) {
      done.countDown();
    } else {
      loop.schedule(this, timerDelay(originNanos + nextNanos - now), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * The timer's delay for an arrival due in {@code nanos}: itself with precise timers; else rounded
   * up to whole milliseconds, which NIO waits for without busy-polling (it polls a remainder of
   * under half a millisecond), so an arrival fires up to a millisecond late but never early.
   */
  private static long timerDelay(long nanos) {
    if (Transport.BEST.preciseTimers()) {
      return nanos;
    }
    long millis = TimeUnit.MILLISECONDS.toNanos(1);
    return (nanos + millis - 1) / millis * millis;
  }

  /** Skips {@code count} arrivals and returns the one after them. */
  private long skip(int count) {
    for (int i = 0; i < count; i++) {
      if (schedule.nextNanos() == Long.MAX_VALUE) {
        return Long.MAX_VALUE;
      }
    }
    return schedule.nextNanos();
  }

  /**
   * Starts an iteration intended at the time on an idle VU of this loop, or else on another loop's
   * (when {@code mayMove}), or a newly allocated VU, or leaves it to wait or be dropped.
   */
  void arrive(long intendedNanos, boolean mayMove) {
    Vu vu = idle.pollFirst();
    if (vu != null) {
      idleCount.lazySet(idle.size());
      vu.start(intendedNanos);
      return;
    }
    if (mayMove) {
      ArrivalLoop other = run.loopWithIdleVu(this);
      if (other != null) {
        other.loop.execute(() -> other.arrive(intendedNanos, false));
        return;
      }
    }
    vu = run.allocateVu(loop);
    if (vu != null) {
      vu.start(intendedNanos);
    } else {
      run.noVuFor(intendedNanos);
    }
  }

  /** Takes back a VU of this loop that finished its iteration (or was just connected). */
  void idle(Vu vu) {
    idle.addLast(vu);
    idleCount.lazySet(idle.size());
  }

  /** Whether this loop had an idle VU when it last changed its pool; any thread. */
  boolean hasIdleVu() {
    return idleCount.get() > 0;
  }

  /** Hands waiting arrivals ({@code maxWait}) to this loop's idle VUs. On the loop. */
  void drainPending() {
    Vu vu;
    while (run.hasPending() && (vu = idle.pollFirst()) != null) {
      if (!run.takePending(vu)) {
        idle.addFirst(vu);
        break;
      }
    }
    idleCount.lazySet(idle.size());
  }

  /** Arrivals fired so far: in the warm-up, then in the measured window. On the loop. */
  long[] offeredCounts() {
    return new long[] {warmupOffered, offered};
  }
}
