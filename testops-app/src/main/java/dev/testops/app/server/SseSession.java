package dev.testops.app.server;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.EventListener;
import dev.testops.core.run.RunEvent;
import dev.testops.core.run.RunService;
import dev.testops.core.run.RunStatus;
import dev.testops.core.run.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.springframework.web.servlet.function.ServerResponse.StreamBuilder;

/**
 * One SSE client of one run, on its own thread.
 *
 * <p>Live events arrive as the event log flushed them, a batch at a time, and each batch goes out
 * as one write and one flush: with many clients, waking each one and writing to it once per event
 * was what made delivery slow.
 *
 * <p>Resume without races: it subscribes to live events first (into a bounded queue), then sends
 * the stored events after the client's last id page by page, clearing the queue before each page
 * (anything cleared was persisted before it was published, so that page or a later one holds it),
 * then sends live events, skipping those already sent and filling any gap from the store. Every
 * event goes out once, in sequence order.
 *
 * <p>It ends right after the run's final {@code run} event (the core emits it last, once the run's
 * logs and bundle are written). Should the store say the run ended while that event has not
 * arrived, it waits the end grace, reads the store once more and ends. A client that lets its queue
 * overflow is dropped and resumes with {@code Last-Event-ID}. A failed write means the client went
 * away: the subscription is removed and nothing is logged.
 */
final class SseSession implements Runnable {
  /** How long an {@code EventSource} waits before reconnecting. */
  static final int RETRY_MILLIS = 3000;

  private static final int PAGE = 500;
  private static final List<RunEvent> WAKE =
      List.of(new RunEvent("-", 1, "wake", Instant.EPOCH, "{}"));
  private static final System.Logger LOG = System.getLogger(SseSession.class.getName());

  private final RunService service;
  private final String runId;
  private final boolean settled;
  private final StreamBuilder out;
  private final EventStreams.Settings settings;
  private final LongSupplier nanoTime;
  private final Consumer<SseSession> onExit;

  /** Live batches, as flushed; {@link #queued} counts their events against the buffer. */
  private final BlockingQueue<List<RunEvent>> live = new LinkedBlockingQueue<>();

  private final AtomicInteger queued = new AtomicInteger();

  /** What {@link #send} wrote since the last {@link #write}: sent as one piece. */
  private final StringBuilder pending = new StringBuilder();

  private volatile boolean overflowed;
  private volatile boolean gone;
  private long lastSent;

  /** The run's final event was sent: nothing follows it. */
  private boolean finalSent;

  /** The store says the run is over (its final event may still be on its way). */
  private boolean ended;

  SseSession(
      RunService service,
      String runId,
      long afterSeq,
      boolean settled,
      StreamBuilder out,
      EventStreams.Settings settings,
      LongSupplier nanoTime,
      Consumer<SseSession> onExit) {
    this.service = service;
    this.runId = runId;
    this.lastSent = afterSeq;
    this.settled = settled;
    this.out = out;
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.onExit = onExit;
  }

  @Override
  public void run() {
    out.onError(e -> stop());
    out.onTimeout(this::stop);
    out.onComplete(this::stop);
    try (Subscription subscription = service.subscribe(runId, new Listener())) {
      out.write("retry: " + RETRY_MILLIS + "\n\n");
      catchUp();
      out.flush();
      ended = service.get(runId).status().isTerminal();
      if (!finalSent && !(ended && settled)) {
        stream();
      }
      out.complete();
    } catch (IOException | IllegalStateException e) {
      // The client went away (or its response was recycled): a disconnect, not an error.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.complete();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "event stream of run " + runId + " ended: " + e);
      out.complete();
    } finally {
      onExit.accept(this);
    }
  }

  /** Sends live events until the run's final event, or the client leaves or lags. */
  private void stream() throws IOException, InterruptedException {
    long heartbeat = settings.heartbeat().toNanos();
    long grace = settings.endGrace().toNanos();
    long lastWrite = nanoTime.getAsLong();
    long lastEvent = lastWrite;
    while (!gone && !overflowed && !finalSent) {
      long now = nanoTime.getAsLong();
      long wait = heartbeat - (now - lastWrite);
      if (ended) {
        wait = Math.min(wait, grace - (now - lastEvent));
      }
      List<RunEvent> batch = live.poll(Math.max(1, wait), TimeUnit.NANOSECONDS);
      now = nanoTime.getAsLong();
      if (batch == null || batch == WAKE) {
        if (ended && now - lastEvent >= grace) {
          if (!catchUp()) {
            return;
          }
          out.flush();
          lastEvent = lastWrite = now;
        } else if (now - lastWrite >= heartbeat) {
          out.write(": keep-alive\n\n");
          out.flush();
          lastWrite = now;
          ended |= service.get(runId).status().isTerminal();
        }
        continue;
      }
      queued.addAndGet(-batch.size());
      for (RunEvent event : batch) {
        if (event.seq() == lastSent + 1) {
          send(event);
        } else if (event.seq() > lastSent + 1) {
          write();
          catchUp(); // a gap: the store has every event that was published
        }
      }
      write();
      if (live.isEmpty()) {
        out.flush();
      }
      lastEvent = lastWrite = now;
    }
  }

  /** Sends every stored event after the last one sent; returns whether there was any. */
  private boolean catchUp() throws IOException {
    boolean any = false;
    while (!gone) {
      // Whatever is queued was persisted before it was published: the pages below hold it.
      for (List<RunEvent> batch = live.poll(); batch != null; batch = live.poll()) {
        if (batch != WAKE) {
          queued.addAndGet(-batch.size());
        }
      }
      overflowed = false;
      List<RunEvent> page = service.events(runId, lastSent, PAGE);
      for (RunEvent event : page) {
        send(event);
      }
      write();
      any |= !page.isEmpty();
      if (page.size() < PAGE) {
        break;
      }
      out.flush();
    }
    return any;
  }

  /** Adds one event to what {@link #write} sends next. */
  private void send(RunEvent event) {
    String data = event.data().replace("\n", "\ndata: ");
    pending.append("id: ").append(event.seq()).append("\nevent: ").append(event.type());
    pending.append("\ndata: ").append(data).append("\n\n");
    lastSent = event.seq();
    if (event.type().equals("run")) {
      String status =
          CanonicalJson.parse(event.data().getBytes(StandardCharsets.UTF_8), "run event")
              .path("status")
              .asString();
      finalSent = RunStatus.fromWireName(status).isTerminal();
      ended |= finalSent;
    }
  }

  /** Writes the events added since the last write, as one piece. */
  private void write() throws IOException {
    if (!pending.isEmpty()) {
      out.write(pending.toString());
      pending.setLength(0);
    }
  }

  /**
   * The subscription's listener: never blocks, and queues each flushed batch whole (one wake-up per
   * batch). A batch that would take a non-empty queue past the buffer marks the client as lagging
   * instead.
   */
  private final class Listener implements EventListener {
    @Override
    public void onEvent(RunEvent event) {
      onEvents(List.of(event));
    }

    @Override
    public void onEvents(List<RunEvent> events) {
      // A client with nothing queued takes any batch: the buffer bounds how far it lags.
      int before = queued.getAndAdd(events.size());
      if (before > 0 && before + events.size() > settings.buffer()) {
        queued.addAndGet(-events.size());
        overflowed = true;
        return;
      }
      live.offer(events);
    }
  }

  /**
   * Ends the session soon: the client went away or the server is stopping. A full queue needs no
   * wake-up: the thread is busy and sees the flag before its next wait.
   */
  void stop() {
    gone = true;
    live.offer(WAKE);
  }
}
