package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Event-stream clients are limited; a slot frees when a client leaves. */
@Timeout(60)
class StreamLimitsTest {
  @TempDir Path home;

  @Test
  void aClientBeyondTheLimit_gets503_andASlotFreesWhenOneLeaves() throws InterruptedException {
    try (TestServer server =
        TestServer.start(
            home,
            config -> config.withStreams(1, 16, Duration.ofMillis(200), Duration.ofSeconds(2)))) {
      String busy = server.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":2000}}");
      String queued = server.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":20}}");
      try (SseClient first = server.stream("/v1/test-runs/" + queued + "/events")) {
        assertThat(first.next().id()).isEqualTo(1);

        var second = server.get("/v1/test-runs/" + queued + "/events");
        assertThat(second.problem(503)).contains("too many open event streams");
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
      }
      // The hang-up is noticed at the next write (a heartbeat at the latest).
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (server.get("/v1/health").json().path("event_streams").path("open").asInt() > 0) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(50);
      }
      try (SseClient again = server.stream("/v1/test-runs/" + queued + "/events")) {
        assertThat(again.status).isEqualTo(200);
      }
      server.awaitEnd(busy);
      server.awaitEnd(queued);
    }
  }
}
