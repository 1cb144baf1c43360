package dev.testops.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * What the JVM reports about itself: peak heap use since a reset, the heap ceiling and the CPU time
 * the process has used. Call from the benchmark's main thread only.
 */
final class JvmGauges {
  private JvmGauges() {}

  /** Starts a new heap measurement: every heap pool's peak becomes its current use. */
  static void resetPeakHeap() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        pool.resetPeakUsage();
      }
    }
  }

  /**
   * The peak heap use since the last {@link #resetPeakHeap}, in bytes: the sum of each heap pool's
   * own peak (eden, survivor, old). The pools need not peak at the same moment, so this is an upper
   * bound on the true simultaneous peak, the safe side for a goal.
   */
  static long peakHeapBytes() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes;
  }

  /** The most heap the JVM may use ({@code -Xmx}), in bytes. */
  static long maxHeapBytes() {
    return Runtime.getRuntime().maxMemory();
  }

  /**
   * The CPU time used by the whole process so far (all threads, GC and JIT included), in
   * nanoseconds.
   *
   * @throws IllegalStateException when the JVM cannot measure it (HotSpot on Linux, macOS and
   *     Windows can)
   */
  static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    long nanos =
        os instanceof com.sun.management.OperatingSystemMXBean hotspot
            ? hotspot.getProcessCpuTime()
            : -1;
    if (nanos < 0) {
      throw new IllegalStateException("this JVM does not report process CPU time");
    }
    return nanos;
  }
}
