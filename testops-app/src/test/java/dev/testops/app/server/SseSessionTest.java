package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.run.EventListener;
import dev.testops.core.run.RunEvent;
import dev.testops.core.run.RunQueue;
import dev.testops.core.run.RunService;
import dev.testops.core.run.Submission;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse.StreamBuilder;

/** A client that cannot keep up is dropped, and a failed write is a quiet disconnect. */
@Timeout(60)
class SseSessionTest {
  @TempDir Path home;

  @Test
  void aClientThatLetsItsBufferOverflow_isDropped() throws Exception {
    try (var testops = TestServer.testops(home)) {
      var store = testops.store();
      RunService service = testops.runs();
      String runId = submit(service);
      var out = new StuckClient();
      var exited = new CountDownLatch(1);
      var session = session(service, runId, out, exited);
      Thread thread = new Thread(session);
      thread.start();
      assertThat(out.primed.await(10, TimeUnit.SECONDS)).isTrue();

      try (RunQueue queue = RunQueue.start(service, 1)) {
        assertThat(out.writing.await(10, TimeUnit.SECONDS)).isTrue();
        awaitEnd(service, runId);
        out.unblock.countDown();
        assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
      }

      assertThat(out.completed).isTrue();
      long total = service.events(runId, 0, 10_000).size();
      long sent = out.written.stream().filter(s -> s.startsWith("id: ")).count();
      assertThat(total).isGreaterThan(16);
      assertThat(sent).as("the session gave up before the end").isLessThan(total);
    }
  }

  @Test
  void manySubscribers_eachGetEveryEventOnceInOrder_aBatchPerWrite_besideAStuckOne()
      throws Exception {
    try (var testops = TestServer.testops(home)) {
      var store = testops.store();
      RunService service = testops.runs();
      String runId = submit(service);
      List<RecordingClient> clients = new ArrayList<>();
      var exited = new CountDownLatch(41);
      var settings =
          new EventStreams.Settings(41, 256, Duration.ofSeconds(15), Duration.ofSeconds(2));
      var stuck = new StuckClient();
      for (int i = 0; i < 40; i++) {
        var client = new RecordingClient();
        clients.add(client);
        new Thread(session(service, runId, client, settings, exited)).start();
      }
      new Thread(session(service, runId, stuck, settings, exited)).start();
      assertThat(stuck.primed.await(10, TimeUnit.SECONDS)).isTrue();
      var batches = new ArrayList<Integer>();
      try (var counter = service.subscribe(runId, batchSizes(batches));
          RunQueue queue = RunQueue.start(service, 1)) {
        awaitEnd(service, runId);
        stuck.unblock.countDown();
        assertThat(exited.await(20, TimeUnit.SECONDS)).isTrue();
      }

      long total = service.events(runId, 0, 100_000).size();
      assertThat(total).isGreaterThan(16);
      assertThat(batches).as("some flushes carry several events").anyMatch(size -> size > 1);
      for (RecordingClient client : clients) {
        List<Long> ids =
            client.written.stream()
                .filter(line -> line.startsWith("id: "))
                .map(line -> Long.parseLong(line.substring(4)))
                .toList();
        assertThat(ids).as("no gap, no duplicate, in order").isEqualTo(sequence(total));
        assertThat(client.completed).isTrue();
        // Each flushed batch goes out whole: at most one write per batch, plus the retry line and
        // the catch-up of what was stored before the client subscribed (the queued event).
        assertThat(client.writes).isLessThanOrEqualTo(batches.size() + 2);
      }
    }
  }

  @Test
  void aFailedWrite_endsTheSessionQuietly() throws Exception {
    try (var testops = TestServer.testops(home)) {
      var store = testops.store();
      RunService service = testops.runs();
      String runId = submit(service);
      var out = new StuckClient();
      out.fail = true;
      out.unblock.countDown();
      var exited = new CountDownLatch(1);

      session(service, runId, out, exited).run();

      assertThat(exited.getCount()).isZero();
      assertThat(out.completed).isFalse();
    }
  }

  private static SseSession session(
      RunService service, String runId, StuckClient out, CountDownLatch exited) {
    return session(
        service,
        runId,
        out,
        new EventStreams.Settings(1, 16, Duration.ofSeconds(15), Duration.ofSeconds(2)),
        exited);
  }

  private static SseSession session(
      RunService service,
      String runId,
      StreamBuilder out,
      EventStreams.Settings settings,
      CountDownLatch exited) {
    return new SseSession(
        service, runId, 0, false, out, settings, System::nanoTime, s -> exited.countDown());
  }

  private static EventListener batchSizes(List<Integer> sizes) {
    return new EventListener() {
      @Override
      public void onEvent(RunEvent event) {
        onEvents(List.of(event));
      }

      @Override
      public synchronized void onEvents(List<RunEvent> events) {
        sizes.add(events.size());
      }
    };
  }

  private static List<Long> sequence(long last) {
    return java.util.stream.LongStream.rangeClosed(1, last).boxed().toList();
  }

  private static String submit(RunService service) {
    var submission =
        new Submission(
            Optional.of("smoke"),
            Optional.empty(),
            Optional.empty(),
            Optional.of(20),
            OptionalLong.empty(),
            Optional.empty(),
            Map.of());
    return service.submit(service.resolve(submission), Optional.empty()).run().id();
  }

  private static void awaitEnd(RunService service, String runId) throws InterruptedException {
    while (!service.get(runId).status().isTerminal()) {
      Thread.sleep(20);
    }
    Thread.sleep(100); // the final event is emitted just after the state is stored
  }

  /**
   * A response whose third write (the first live event, after the retry line and the queued event
   * the store replays) blocks until released, like a client that stopped reading mid-run.
   */
  private static final class StuckClient extends RecordingClient {
    final CountDownLatch primed = new CountDownLatch(1);
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch unblock = new CountDownLatch(1);
    volatile boolean fail;

    @Override
    public StreamBuilder write(Object object) throws java.io.IOException {
      if (writes + 1 == 2) {
        primed.countDown();
      }
      if (writes + 1 == 3 || fail) {
        writing.countDown();
        try {
          unblock.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (fail) {
        throw new java.io.IOException("Broken pipe");
      }
      return super.write(object);
    }
  }

  /** A response that keeps every line written and counts the writes. */
  private static class RecordingClient implements StreamBuilder {
    final List<String> written = new ArrayList<>();
    volatile boolean completed;
    int writes;

    @Override
    public StreamBuilder write(Object object) throws java.io.IOException {
      writes++;
      for (String line : object.toString().split("\n")) {
        written.add(line);
      }
      return this;
    }

    @Override
    public StreamBuilder write(Object object, MediaType mediaType) throws java.io.IOException {
      return write(object);
    }

    @Override
    public void flush() {}

    @Override
    public void error(Throwable t) {}

    @Override
    public void complete() {
      completed = true;
    }

    @Override
    public StreamBuilder onTimeout(Runnable onTimeout) {
      return this;
    }

    @Override
    public StreamBuilder onError(Consumer<Throwable> onError) {
      return this;
    }

    @Override
    public StreamBuilder onComplete(Runnable onCompletion) {
      return this;
    }
  }
}
