package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.canonical.CanonicalJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/load/run}: a standalone load run, queued and streamed like any run. */
@Timeout(120)
class LoadApiTest {
  @TempDir Path home;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(home);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void loadRun_servesTheEngineItself_andPassesWithTheSmokeScenario() throws Exception {
    var created = server.post("/v1/load/run", "{\"scenario\":\"smoke\"}");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asString();
    JsonNode run = server.awaitEnd(id);
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("passed");
    assertThat(run.path("phases").size()).isEqualTo(1);
    JsonNode phase = run.path("phases").get(0);
    assertThat(phase.path("name").asString()).isEqualTo("load");
    assertThat(phase.at("/summary/metrics/http_reqs/count").asLong()).isEqualTo(100);
    assertThat(phase.at("/summary/metrics/checks/fails").asLong()).isZero();
    assertThat(home.resolve("reports/load/run-" + id + ".json")).exists();
    // Each second of the series went out live, as a metric event, the same as in the result.
    List<JsonNode> seconds = new ArrayList<>();
    try (SseClient stream = server.stream("/v1/test-runs/" + id + "/events")) {
      for (SseClient.Event event : stream.rest(Duration.ofSeconds(30))) {
        JsonNode data = CanonicalJson.parse(event.data().getBytes(), "event");
        if (event.type().equals("metric") && data.path("name").asString().equals("load-second")) {
          seconds.add(data.path("figures"));
        }
      }
    }
    JsonNode report =
        CanonicalJson.parse(
            java.nio.file.Files.readAllBytes(home.resolve("reports/load/run-" + id + ".json")),
            "load report");
    assertThat(seconds)
        .isNotEmpty()
        .containsExactlyElementsOf(report.path("series").valueStream().toList());
  }

  @Test
  void cancel_ofARunningLoadPhase_endsTheRunCancelledWithinASecond() throws Exception {
    // A minute of 200 r/s after a 1 s warm-up, against the engine the phase serves itself.
    Path scenarios = home.resolve("load/mock_scenarios.yaml");
    java.nio.file.Files.createDirectories(scenarios.getParent());
    java.nio.file.Files.writeString(
        scenarios,
        "scenarios:\n  long:\n    executor: constant-arrival-rate\n    rate: 200\n"
            + "    duration: 60s\n    warmup: 1s\n    preAllocatedVUs: 20\n    maxVUs: 200\n");
    var created = server.post("/v1/load/run", "{\"scenario\":\"long\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asString();
    // Wait until the generator is sending: the first measured second went out.
    try (SseClient stream = server.stream("/v1/test-runs/" + id + "/events")) {
      boolean sending = false;
      while (!sending) {
        SseClient.Event event = stream.next();
        assertThat(event).as("the run's stream ended before the load began").isNotNull();
        sending = event.type().equals("metric") && event.data().contains("load-second");
      }
    }

    long cancelAt = System.nanoTime();
    var cancel = server.post("/v1/test-runs/" + id + "/cancel", null);
    JsonNode run = server.awaitEnd(id);
    long endedMillis = (System.nanoTime() - cancelAt) / 1_000_000;

    assertThat(cancel.status()).as(cancel.body()).isIn(200, 202);
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("cancelled");
    assertThat(endedMillis).as("ms from the cancel to the run's end").isLessThan(1_000);
    assertThat(home.resolve("reports/load/run-" + id + ".json")).doesNotExist();
  }

  @Test
  void loadRun_againstATargetThatRefuses_fails_withTheReasonInTheRun() {
    var created =
        server.post("/v1/load/run", "{\"scenario\":\"smoke\",\"target\":\"http://127.0.0.1:9\"}");

    JsonNode run = server.awaitEnd(created.json().path("id").asString());
    assertThat(run.path("status").asString()).isEqualTo("failed");
    assertThat(run.path("reason").asString()).contains("connect_refused");
  }

  @Test
  void unknownScenarioOrBadTarget_is422_andNothingIsQueued() {
    assertThat(server.post("/v1/load/run", "{\"scenario\":\"nope\"}").problem(422))
        .contains("nope");
    assertThat(
            server
                .post("/v1/load/run", "{\"scenario\":\"smoke\",\"target\":\"ftp://x\"}")
                .problem(422))
        .contains("http://host:port");
    assertThat(server.post("/v1/load/run", "{\"vus\":5}").problem(422)).contains("vus");
    // No body, or one without a scenario, is never a default minute of 500 r/s.
    assertThat(server.post("/v1/load/run", null).problem(422))
        .contains("'scenario' is missing")
        .contains("smoke");
    assertThat(server.post("/v1/load/run", "{}").problem(422)).contains("'scenario' is missing");
    assertThat(server.get("/v1/test-runs").json().path("total").asLong()).isZero();
  }
}
