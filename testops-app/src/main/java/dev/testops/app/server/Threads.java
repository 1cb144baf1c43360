package dev.testops.app.server;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads for work that mostly waits (one per event-stream client): virtual threads where the JDK
 * has them (21+), daemon platform threads on 17. The code targets Java 17, so the virtual-thread
 * builder is reached through its public interface by reflection.
 */
final class Threads {
  private Threads() {}

  /** A factory of threads named {@code prefix + n}. */
  static ThreadFactory waiting(String prefix) {
    try {
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
      return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
    } catch (ReflectiveOperationException | RuntimeException e) {
      AtomicLong next = new AtomicLong(1);
      return task -> {
        Thread thread = new Thread(task, prefix + next.getAndIncrement());
        thread.setDaemon(true);
        return thread;
      };
    }
  }

  /** Whether {@link #waiting} makes virtual threads on this JDK. */
  static boolean virtual() {
    return Runtime.version().feature() >= 21;
  }
}
