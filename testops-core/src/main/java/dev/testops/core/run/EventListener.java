package dev.testops.core.run;

/**
 * Receives a run's events after they are persisted, in sequence order. Called on the thread that
 * flushed them; must not block (an SSE edge hands events to its own bounded buffer).
 */
@FunctionalInterface
public interface EventListener {
  /** Receives one event. */
  void onEvent(RunEvent event);
}
