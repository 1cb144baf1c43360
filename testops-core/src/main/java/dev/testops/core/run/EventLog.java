package dev.testops.core.run;

import dev.testops.core.artifact.Channel;
import dev.testops.core.artifact.Output;
import dev.testops.core.canonical.CanonicalJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sequences, persists and publishes run events. Each event gets the next per-run sequence number
 * and is stored before any listener sees it. Chatty events (log lines, progress) are batched; state
 * changes flush at once, and {@link #flush} drains everything (a runner calls it periodically and
 * at the end of every run). Thread-safe.
 */
public final class EventLog {
  private static final int BATCH = 64;
  private final RunStore store;
  private final Clock clock;
  private final Output output;
  private final Map<String, RunBuffer> buffers = new ConcurrentHashMap<>();
  private final Map<String, List<EventListener>> listeners = new ConcurrentHashMap<>();

  /** Creates an event log over a store; every event's data leaves through the output. */
  public EventLog(RunStore store, Clock clock, Output output) {
    this.store = store;
    this.clock = clock;
    this.output = output;
  }

  private static final class RunBuffer {
    long lastSeq;
    final List<RunEvent> pending = new ArrayList<>();

    RunBuffer(long lastSeq) {
      this.lastSeq = lastSeq;
    }
  }

  /** Emits an event; state changes ({@code run}, {@code phase}) are flushed at once. */
  public RunEvent emit(String runId, String type, ObjectNode data) {
    RunBuffer buffer = buffers.computeIfAbsent(runId, id -> new RunBuffer(store.lastSeq(id)));
    synchronized (buffer) {
      var event =
          new RunEvent(
              runId,
              ++buffer.lastSeq,
              type,
              clock.instant(),
              output.text(Channel.EVENT, CanonicalJson.line(data)));
      buffer.pending.add(event);
      boolean urgent = !type.equals("log") && !type.equals("progress");
      if (urgent || buffer.pending.size() >= BATCH) {
        flush(runId, buffer);
      }
      return event;
    }
  }

  /** Persists and publishes every pending event of every run. */
  public void flush() {
    for (Map.Entry<String, RunBuffer> entry : buffers.entrySet()) {
      synchronized (entry.getValue()) {
        flush(entry.getKey(), entry.getValue());
      }
    }
  }

  /** Flushes a run's events and forgets its buffer (the run is over). */
  public void close(String runId) {
    RunBuffer buffer = buffers.remove(runId);
    if (buffer != null) {
      synchronized (buffer) {
        flush(runId, buffer);
      }
    }
  }

  /**
   * Registers a listener for a run's future events; returns the handle that removes it. Events
   * already stored are read from the store (see {@link RunService#events}).
   */
  public Subscription subscribe(String runId, EventListener listener) {
    List<EventListener> list = listeners.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>());
    list.add(listener);
    return () -> list.remove(listener);
  }

  /** Persists, then publishes, under the run's lock, so listeners see events in order. */
  private void flush(String runId, RunBuffer buffer) {
    if (buffer.pending.isEmpty()) {
      return;
    }
    List<RunEvent> events = List.copyOf(buffer.pending);
    store.appendEvents(events);
    buffer.pending.clear();
    List<EventListener> list = listeners.get(runId);
    if (list == null) {
      return;
    }
    // The whole batch to each listener at once: one hand-over (and one wake-up) per subscriber.
    for (EventListener listener : list) {
      listener.onEvents(events);
    }
  }
}
