package dev.testops.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Reads CPU time, so the generator can tell when it, not the target, was the bottleneck ({@link
 * GeneratorCheck}). The real meter reads the JVM's management beans; tests pass a fake one.
 */
interface CpuMeter {
  /** CPU time used by this process so far, in nanoseconds, or -1 when the JVM cannot tell. */
  long processCpuNanos();

  /** CPU time used by the calling thread so far, in nanoseconds, or -1 when unsupported. */
  long currentThreadCpuNanos();

  /** The cores the process may use. */
  int cores();

  /** The JVM's meter: {@code OperatingSystemMXBean} for the process, {@code ThreadMXBean}. */
  static CpuMeter jmx() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    var os = ManagementFactory.getOperatingSystemMXBean();
    return new CpuMeter() {
      @Override
      public long processCpuNanos() {
        return os instanceof com.sun.management.OperatingSystemMXBean sun
            ? sun.getProcessCpuTime()
            : -1;
      }

      @Override
      public long currentThreadCpuNanos() {
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
      }

      @Override
      public int cores() {
        return Runtime.getRuntime().availableProcessors();
      }
    };
  }
}
