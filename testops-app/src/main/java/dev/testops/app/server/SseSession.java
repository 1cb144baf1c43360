package dev.testops.app.server;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.RunEvent;
import dev.testops.core.run.RunService;
import dev.testops.core.run.RunStatus;
import dev.testops.core.run.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.springframework.web.servlet.function.ServerResponse.StreamBuilder;

/**
 * One SSE client of one run, on its own thread.
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
  private static final RunEvent WAKE = new RunEvent("-", 1, "wake", Instant.EPOCH, "{}");
  private static final System.Logger LOG = System.getLogger(SseSession.class.getName());

  private final RunService service;
  private final String runId;
  private final boolean settled;
  private final StreamBuilder out;
  private final EventStreams.Settings settings;
  private final LongSupplier nanoTime;
  private final Consumer<SseSession> onExit;
  private final BlockingQueue<RunEvent> live;
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
    this.live = new ArrayBlockingQueue<>(settings.buffer());
  }

  @Override
  public void run() {
    out.onError(e -> stop());
    out.onTimeout(this::stop);
    out.onComplete(this::stop);
    try (Subscription subscription = service.subscribe(runId, this::offer)) {
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
      RunEvent event = live.poll(Math.max(1, wait), TimeUnit.NANOSECONDS);
      now = nanoTime.getAsLong();
      if (event == null || event == WAKE) {
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
      if (event.seq() <= lastSent) {
        continue;
      }
      if (event.seq() == lastSent + 1) {
        send(event);
      } else {
        catchUp(); // a gap: the store has every event that was published
      }
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
      live.clear();
      overflowed = false;
      List<RunEvent> page = service.events(runId, lastSent, PAGE);
      for (RunEvent event : page) {
        send(event);
      }
      any |= !page.isEmpty();
      if (page.size() < PAGE) {
        break;
      }
      out.flush();
    }
    return any;
  }

  private void send(RunEvent event) throws IOException {
    String data = event.data().replace("\n", "\ndata: ");
    out.write("id: " + event.seq() + "\nevent: " + event.type() + "\ndata: " + data + "\n\n");
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

  /** The subscription's listener: never blocks; a full queue marks the client as lagging. */
  private void offer(RunEvent event) {
    if (!live.offer(event)) {
      overflowed = true;
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
