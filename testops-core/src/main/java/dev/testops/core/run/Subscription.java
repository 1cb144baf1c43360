package dev.testops.core.run;

/** A registered {@link EventListener}; closing it stops the events. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  /** Removes the listener. Idempotent; never throws. */
  @Override
  void close();
}
