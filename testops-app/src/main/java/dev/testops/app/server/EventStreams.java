package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunService;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves a run's events over SSE (both stream routes). Each client takes one of a fixed number of
 * slots and gets its own thread (virtual where the JDK has them) running an {@link SseSession}.
 * Thread-safe.
 */
final class EventStreams implements AutoCloseable {
  /** How an event stream behaves; see {@link ServerConfig}. */
  record Settings(int maxClients, int buffer, Duration heartbeat, Duration endGrace) {}

  private final RunService service;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final Settings settings;
  private final Semaphore slots;
  private final ThreadFactory threads = Threads.waiting("testops-sse-");
  private final Set<SseSession> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  EventStreams(RunService service, Clock clock, LongSupplier nanoTime, Settings settings) {
    this.service = service;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.settings = settings;
    this.slots = new Semaphore(settings.maxClients());
  }

  /**
   * Opens the stream of a run, resuming after {@code Last-Event-ID} (header) or {@code
   * last_event_id} (query) when given. A run that ended a while ago and has nothing after that id
   * answers {@code 204}, which tells an {@code EventSource} to stop reconnecting.
   *
   * @throws TestOpsException.NotFound for an unknown run
   * @throws HttpProblem 503 when every slot is taken
   */
  ServerResponse open(ServerRequest request, String runId) {
    long after = lastEventId(request);
    Run run = service.get(runId);
    boolean settled =
        run.finishedAt() != null
            && run.finishedAt().plus(settings.endGrace()).isBefore(clock.instant());
    if (settled && service.events(runId, after, 1).isEmpty()) {
      return ServerResponse.noContent().build();
    }
    if (closed || !slots.tryAcquire()) {
      throw HttpProblem.unavailable(
          "too many open event streams (" + settings.maxClients() + "); retry later", 5);
    }
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_EVENT_STREAM)
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .stream(
            out -> {
              var session =
                  new SseSession(
                      service, runId, after, settled, out, settings, nanoTime, this::done);
              open.add(session);
              threads.newThread(session).start();
            });
  }

  /** How many clients are connected. */
  int openCount() {
    return settings.maxClients() - slots.availablePermits();
  }

  /** The most clients at once. */
  int maxClients() {
    return settings.maxClients();
  }

  private void done(SseSession session) {
    open.remove(session);
    slots.release();
  }

  /**
   * Ends every open stream now, as a dropped connection would, while new streams are still
   * accepted: clients reconnect and resume from their last event id.
   *
   * @return how many streams were open
   */
  int dropAll() {
    int dropped = open.size();
    open.forEach(SseSession::stop);
    return dropped;
  }

  /** Ends every open stream, waiting a moment for them to finish (clients resume later). */
  @Override
  public void close() {
    closed = true;
    open.forEach(SseSession::stop);
    long deadline = nanoTime.getAsLong() + Duration.ofSeconds(2).toNanos();
    while (!open.isEmpty() && nanoTime.getAsLong() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long lastEventId(ServerRequest request) {
    Optional<String> header = Optional.ofNullable(request.headers().firstHeader("Last-Event-ID"));
    Optional<String> value = header.isPresent() ? header : request.param("last_event_id");
    if (value.isEmpty() || value.get().isBlank()) {
      return 0;
    }
    try {
      long id = Long.parseLong(value.get().strip());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TestOpsException.InvalidInput(
        "Last-Event-ID must be a non-negative event sequence number, was '" + value.get() + "'");
  }
}
