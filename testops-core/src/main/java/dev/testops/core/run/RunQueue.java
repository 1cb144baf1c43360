package dev.testops.core.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Executes queued runs in creation order with a fixed concurrency, and flushes batched events a few
 * times a second so live listeners are never more than a moment behind.
 */
public final class RunQueue implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(500);
  private final RunService service;
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService flusher;
  private volatile boolean stopped;

  private RunQueue(RunService service, int concurrency) {
    this.service = service;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "run-events-flush");
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < concurrency; i++) {
      Thread worker = new Thread(this::work, "run-worker-" + (i + 1));
      worker.setDaemon(true);
      workers.add(worker);
    }
  }

  /**
   * Recovers runs a previous process left running, then starts the workers.
   *
   * @param concurrency how many runs execute at once, at least 1
   */
  public static RunQueue start(RunService service, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
    service.recoverInterrupted();
    var queue = new RunQueue(service, concurrency);
    queue.flusher.scheduleWithFixedDelay(service::flushEvents, 200, 200, TimeUnit.MILLISECONDS);
    // Keys are honoured for 24 h; older ones are dropped at start and hourly after.
    queue.flusher.scheduleWithFixedDelay(queue::purgeQuietly, 0, 1, TimeUnit.HOURS);
    queue.workers.forEach(Thread::start);
    return queue;
  }

  private void work() {
    while (!stopped) {
      try {
        service.claimNext(POLL).ifPresent(service::execute);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // A store hiccup must not kill the worker; the run itself records its own errors.
        sleepQuietly();
      }
    }
  }

  private void purgeQuietly() {
    try {
      service.purgeExpiredIdempotencyKeys();
    } catch (RuntimeException e) {
      // A failed purge only leaves old keys a little longer; the next hour tries again.
    }
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops taking runs and waits (up to 30 s) for the workers to stop; a run still executing after
   * that is left to be recovered as interrupted at the next start.
   */
  @Override
  public void close() {
    stopped = true;
    workers.forEach(Thread::interrupt);
    for (Thread worker : workers) {
      try {
        worker.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    flusher.shutdownNow();
    service.flushEvents();
  }
}
