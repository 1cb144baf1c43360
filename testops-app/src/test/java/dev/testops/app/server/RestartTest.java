package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.run.PhaseRun;
import dev.testops.core.run.PhaseStatus;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunEvent;
import dev.testops.core.run.RunRequest;
import dev.testops.core.run.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A server restarted on the same home keeps the history and the events, and ends stale runs. */
@Timeout(120)
class RestartTest {
  private static final Duration END = Duration.ofSeconds(60);

  @TempDir Path home;

  @Test
  void afterARestart_resumeWorks_andARunLeftRunningIsErrorInterrupted() {
    String finished;
    int total;
    try (TestServer first = TestServer.start(home)) {
      finished = first.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":20}}");
      first.awaitEnd(finished);
      try (SseClient sse = first.stream("/v1/test-runs/" + finished + "/events")) {
        total = sse.rest(END).size();
      }
    }
    String stale = "20261125T000000Z-0000beef";
    leaveARunRunning(stale);

    try (TestServer second = TestServer.start(home)) {
      try (SseClient sse =
          second.stream("/v1/test-runs/" + finished + "/events", "Last-Event-ID", "3")) {
        assertThat(ids(sse.rest(END))).isEqualTo(range(4, total));
      }
      JsonNode run = second.get("/v1/test-runs/" + stale).json();
      assertThat(run.path("status").asString()).isEqualTo("error");
      assertThat(run.path("reason").asString()).isEqualTo("interrupted");
      try (SseClient sse = second.stream("/tests/stream/" + stale, "Last-Event-ID", "2")) {
        List<SseClient.Event> events = sse.rest(END);
        assertThat(events.get(0).id()).isEqualTo(3);
        assertThat(events.get(events.size() - 1).data())
            .contains("\"status\":\"error\"")
            .contains("interrupted");
      }
    }
  }

  /** What a server killed mid-run leaves in the store: a run still marked running. */
  private void leaveARunRunning(String id) {
    Instant at = Instant.parse("2026-11-25T00:00:00Z");
    var request =
        new RunRequest(
            "smoke",
            List.of("sim"),
            Map.of(),
            "offline",
            20,
            OptionalLong.empty(),
            "toron-v2.5h+",
            Map.of());
    var run =
        new Run(
            id,
            RunStatus.RUNNING,
            10,
            request,
            at,
            at,
            null,
            null,
            List.of(new PhaseRun("sim", PhaseStatus.RUNNING, 20, at, null, "{}")));
    try (var testops = TestServer.testops(home)) {
      var store = testops.store();
      store.create(run, Optional.empty(), at);
      store.appendEvents(
          List.of(
              new RunEvent(id, 1, "run", at, "{\"progress\":0,\"status\":\"queued\"}"),
              new RunEvent(id, 2, "run", at, "{\"progress\":0,\"status\":\"running\"}")));
    }
  }

  private static List<Long> ids(List<SseClient.Event> events) {
    return events.stream().map(SseClient.Event::id).toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
