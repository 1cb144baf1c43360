package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SSE on both stream routes: full replay, resume by id, live resume mid-run, heartbeats. */
@Timeout(120)
class EventStreamTest {
  private static final Duration END = Duration.ofSeconds(60);

  @TempDir static Path home;
  private static TestServer server;
  private static String finished;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            home,
            config ->
                config.withStreams(256, 1000, Duration.ofMillis(300), Duration.ofMillis(200)));
    finished = server.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":20}}");
    server.awaitEnd(finished);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void finishedRun_streamsEveryEventInOrder_thenEnds() {
    try (SseClient sse = server.stream("/v1/test-runs/" + finished + "/events")) {
      assertThat(sse.status).isEqualTo(200);
      assertThat(sse.headers.firstValue("Content-Type")).hasValue("text/event-stream");
      assertThat(sse.headers.firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(sse.headers.firstValue("X-Accel-Buffering")).hasValue("no");
      List<SseClient.Event> events = sse.rest(END);

      assertThat(sse.retry).isEqualTo("3000");
      assertThat(ids(events)).isEqualTo(range(1, events.size()));
      assertThat(events.get(0).type()).isEqualTo("run");
      assertThat(events.get(events.size() - 1).data()).contains("\"status\":\"passed\"");
      assertThat(events).extracting(SseClient.Event::type).contains("phase", "log", "artifact");
    }
  }

  @Test
  void resume_afterK_givesExactlyKPlus1ToN_onBothRoutes() {
    int total = all(finished).size();
    int k = total / 2;

    try (SseClient v1 =
        server.stream("/v1/test-runs/" + finished + "/events", "Last-Event-ID", "" + k)) {
      assertThat(ids(v1.rest(END))).isEqualTo(range(k + 1, total));
    }
    try (SseClient legacy = server.stream("/tests/stream/" + finished + "?last_event_id=" + k)) {
      assertThat(ids(legacy.rest(END))).isEqualTo(range(k + 1, total));
    }
  }

  @Test
  void resume_afterTheLastEventOfAnEndedRun_is204SoEventSourceStops() throws InterruptedException {
    int total = all(finished).size();
    Thread.sleep(300); // past the end grace: nothing can follow the final event any more

    try (SseClient sse =
        server.stream("/v1/test-runs/" + finished + "/events", "Last-Event-ID", "" + total)) {
      assertThat(sse.status).isEqualTo(204);
    }
  }

  @Test
  void liveResume_midRun_hasNoGapAndNoDuplicate() {
    String id = server.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":3000}}");
    List<SseClient.Event> seen = new ArrayList<>();
    try (SseClient first = server.stream("/v1/test-runs/" + id + "/events")) {
      for (int i = 0; i < 5; i++) {
        seen.add(first.next());
      }
    }
    boolean stillRunning = !server.get("/v1/test-runs/" + id).json().path("finished_at").isString();
    long last = seen.get(seen.size() - 1).id();
    try (SseClient second =
        server.stream("/v1/test-runs/" + id + "/events", "Last-Event-ID", "" + last)) {
      seen.addAll(second.rest(END));
    }

    assertThat(stillRunning).as("the reconnect happened mid-run").isTrue();
    assertThat(ids(seen)).isEqualTo(range(1, seen.size()));
    assertThat(seen.get(seen.size() - 1).data()).contains("\"status\":\"passed\"");
    assertThat(ids(all(id))).isEqualTo(ids(seen));
  }

  @Test
  void anIdleStream_sendsHeartbeats() {
    String busy = server.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":2000}}");
    String queued = server.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":20}}");
    try (SseClient sse = server.stream("/v1/test-runs/" + queued + "/events")) {
      SseClient.Event first = sse.next();
      assertThat(first.data()).contains("queued");
      SseClient.Event second = sse.next(); // arrives once the busy run is done
      assertThat(second.id()).isEqualTo(2);
      assertThat(sse.comments).contains(": keep-alive");
    }
    server.awaitEnd(busy);
    server.awaitEnd(queued);
  }

  @Test
  void unknownRun_is404ProblemJson() {
    var sse = server.get("/tests/stream/20990101T000000Z-00000000");
    sse.problem(404);
  }

  private static List<SseClient.Event> all(String runId) {
    try (SseClient sse = server.stream("/v1/test-runs/" + runId + "/events")) {
      return sse.rest(END);
    }
  }

  private static List<Long> ids(List<SseClient.Event> events) {
    return events.stream().map(SseClient.Event::id).toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
