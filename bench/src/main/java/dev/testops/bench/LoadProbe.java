package dev.testops.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the generator's own JVM during a load run: live threads (Java's count and the kernel's),
 * open file descriptors (to tell when every VU has its connection) and the heap left after each
 * garbage collection once they all have.
 *
 * <p>The heap figure is not forced: it is the least heap in use right after a collection the JVM
 * ran by itself while every VU was connected. After a young collection that includes whatever dead
 * objects the old generation still holds, so it is an upper bound, the safe side for a goal. Only
 * when no collection happened by three quarters of the run does the probe call {@link System#gc}
 * once, and says so ({@link Figures#forcedGc}).
 */
final class LoadProbe implements NotificationListener {
  private static final long PERIOD_MILLIS = 200;
  private static final long FD_EVERY_SAMPLES = 25;
  private static final Path FDS = Path.of("/proc/self/fd");
  private static final Path STATUS = Path.of("/proc/self/status");

  private final int vus;
  private final long forceGcAtNanos;
  private final long deadlineNanos;
  private final long baselineHeapBytes;
  private final long baselineFds;
  private final Set<String> heapPools = new HashSet<>();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Thread sampler;
  private volatile boolean watchHeap;
  private volatile boolean connected;
  private volatile boolean stopped;
  private volatile long minHeapAfterGcBytes = Long.MAX_VALUE;
  private volatile int gcsWhileConnected;
  private volatile boolean forcedGc;
  private volatile int maxJavaThreads;
  private volatile int maxOsThreads;
  private volatile long maxFds;

  /**
   * The figures of one run.
   *
   * @param baselineHeapBytes heap in use after a full collection before the run
   * @param heapAfterGcBytes the least heap in use after a collection with every VU connected, or -1
   *     when the VUs never were all connected or the heap was not watched
   * @param gcsWhileConnected collections seen while every VU was connected
   * @param forcedGc whether the probe had to call {@link System#gc} itself
   * @param maxJavaThreads the most live Java threads seen (ThreadMXBean, daemons included)
   * @param maxOsThreads the most kernel threads seen ({@code /proc/self/status}: GC and JIT too)
   * @param maxFdsOverBaseline the most file descriptors open beyond those before the run
   */
  record Figures(
      long baselineHeapBytes,
      long heapAfterGcBytes,
      int gcsWhileConnected,
      boolean forcedGc,
      int maxJavaThreads,
      int maxOsThreads,
      long maxFdsOverBaseline) {

    /** These figures with the heap ones of another run (of the same VUs). */
    Figures withHeapOf(Figures other) {
      return new Figures(
          other.baselineHeapBytes,
          other.heapAfterGcBytes,
          other.gcsWhileConnected,
          other.forcedGc,
          maxJavaThreads,
          maxOsThreads,
          maxFdsOverBaseline);
    }

    /** Heap per VU in bytes, or -1 when unknown. */
    double heapPerVuBytes(int vus) {
      return heapAfterGcBytes < 0 ? -1 : (double) (heapAfterGcBytes - baselineHeapBytes) / vus;
    }
  }

  private LoadProbe(int vus, long durationNanos) {
    this.vus = vus;
    long now = System.nanoTime();
    this.forceGcAtNanos = now + durationNanos * 3 / 4;
    this.deadlineNanos = now + durationNanos + TimeUnit.MINUTES.toNanos(3);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    System.gc();
    this.baselineHeapBytes = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    this.baselineFds = fds();
    this.sampler = new Thread(this::sample, "load-bench-probe");
    sampler.setDaemon(true);
  }

  /**
   * Takes the baseline (after a full collection) and starts watching; call just before the run.
   *
   * @param vus the VUs whose connections mark "all connected"
   * @param durationNanos the run's length; the probe gives up 3 minutes after it at the latest
   * @param watchHeap whether to listen to collections for the heap figure; the listener costs the
   *     generator CPU (a few percent at 40,000 requests/s), so a CPU benchmark leaves it off
   */
  static LoadProbe start(int vus, long durationNanos, boolean watchHeap) {
    var probe = new LoadProbe(vus, durationNanos);
    probe.watchHeap = watchHeap;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (watchHeap && gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(probe, null, null);
      }
    }
    probe.sampler.start();
    return probe;
  }

  /** Stops watching and returns the figures; call right after the run, before it is released. */
  Figures stop() throws InterruptedException {
    stopped = true;
    sampler.join(TimeUnit.SECONDS.toMillis(5));
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        try {
          emitter.removeNotificationListener(this);
        } catch (javax.management.ListenerNotFoundException e) {
          // Never added to this one; nothing to remove.
        }
      }
    }
    long heap = minHeapAfterGcBytes == Long.MAX_VALUE ? -1 : minHeapAfterGcBytes;
    return new Figures(
        baselineHeapBytes,
        heap,
        gcsWhileConnected,
        forcedGc,
        maxJavaThreads,
        maxOsThreads,
        maxFds - baselineFds);
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (!connected
        || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
            notification.getType())) {
      return;
    }
    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long used = 0;
    for (var entry : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(entry.getKey())) {
        used += entry.getValue().getUsed();
      }
    }
    synchronized (this) {
      gcsWhileConnected++;
      minHeapAfterGcBytes = Math.min(minHeapAfterGcBytes, used);
    }
  }

  /** Samples every {@value #PERIOD_MILLIS} ms until stopped or the deadline; bounded both ways. */
  private void sample() {
    long samples = 0;
    while (!stopped && System.nanoTime() < deadlineNanos) {
      // Listing 10,000 descriptors costs the generator CPU: every period until all VUs are
      // connected, then only every 5 s.
      long fds = !connected || samples++ % FD_EVERY_SAMPLES == 0 ? fds() : 0;
      maxFds = Math.max(maxFds, fds);
      maxJavaThreads = Math.max(maxJavaThreads, threads.getThreadCount());
      maxOsThreads = Math.max(maxOsThreads, osThreads());
      if (!connected && fds - baselineFds >= vus) {
        connected = true;
      }
      if (watchHeap
          && connected
          && gcsWhileConnected == 0
          && !forcedGc
          && System.nanoTime() > forceGcAtNanos) {
        forcedGc = true;
        System.gc();
      }
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long fds() {
    try (Stream<Path> entries = Files.list(FDS)) {
      return entries.count();
    } catch (IOException e) {
      return -1;
    }
  }

  private static int osThreads() {
    try {
      List<String> lines = Files.readAllLines(STATUS);
      for (String line : lines) {
        if (line.startsWith("Threads:")) {
          return Integer.parseInt(line.substring("Threads:".length()).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
