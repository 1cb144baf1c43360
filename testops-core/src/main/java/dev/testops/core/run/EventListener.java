package dev.testops.core.run;

import java.util.List;

/**
 * Receives a run's events after they are persisted, in sequence order. Called on the thread that
 * flushed them; must not block (an SSE edge hands events to its own bounded buffer).
 */
@FunctionalInterface
public interface EventListener {
  /** Receives one event. */
  void onEvent(RunEvent event);

  /**
   * Receives one flushed batch: consecutive events, in sequence order, persisted together. The
   * default hands them to {@link #onEvent} one by one; a listener that wakes another thread
   * overrides it to wake that thread once per batch instead of once per event.
   */
  default void onEvents(List<RunEvent> events) {
    events.forEach(this::onEvent);
  }
}
