package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The v1 run API over real HTTP: create, read, list, cancel, idempotency. */
@Timeout(120)
class RunsApiTest {
  private static final String SMOKE = "{\"suite\":\"smoke\",\"dataset\":{\"users\":20}}";

  @TempDir static Path home;
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(home);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void create_answers201WithTheQueuedRun_andTheSmokeRunPasses() {
    var reply = server.post("/v1/test-runs", SMOKE);

    assertThat(reply.status()).isEqualTo(201);
    JsonNode run = reply.json();
    String id = run.path("id").asString();
    assertThat(reply.headers().firstValue("Location")).hasValue("/v1/test-runs/" + id);
    assertThat(run.path("status").asString()).isIn("queued", "running");
    assertThat(run.path("suite").asString()).isEqualTo("smoke");
    assertThat(run.path("phases").valueStream().map(p -> p.path("name").asString()))
        .containsExactly("engine-check", "sim", "replay");
    assertThat(run.path("links").path("events").asString())
        .isEqualTo("/v1/test-runs/" + id + "/events");
    assertThat(run.path("request").path("dataset").path("users").asInt()).isEqualTo(20);

    JsonNode done = server.awaitEnd(id);
    assertThat(done.path("status").asString()).isEqualTo("passed");
    assertThat(done.path("progress").asInt()).isEqualTo(100);
    assertThat(done.path("finished_at").asString()).isNotBlank();
    assertThat(done.path("phases").get(2).path("summary").path("determinism_score").asDouble())
        .isEqualTo(100.0);
  }

  @Test
  void cancel_ofARunningEngineCheck_endsTheRunCancelledWithinASecond() throws Exception {
    // 20 ms per request: the check's 2 x (4 + 228) requests would take over 9 s.
    String id =
        server.createRun(
            "{\"suites\":[\"engine-check\"],\"engine_options\":{\"fault\":\"slow:20\"}}");
    try (SseClient stream = server.stream("/v1/test-runs/" + id + "/events")) {
      boolean checking = false;
      while (!checking) {
        SseClient.Event event = stream.next();
        assertThat(event).as("the run's stream ended before the check began").isNotNull();
        checking =
            event.type().equals("phase")
                && event.data().contains("\"engine-check\"")
                && event.data().contains("\"running\"");
      }
    }

    long cancelAt = System.nanoTime();
    var cancel = server.post("/v1/test-runs/" + id + "/cancel", null);
    JsonNode run = server.awaitEnd(id);
    long endedMillis = (System.nanoTime() - cancelAt) / 1_000_000;

    assertThat(cancel.status()).as(cancel.body()).isIn(200, 202);
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("cancelled");
    assertThat(endedMillis).as("ms from the cancel to the run's end").isLessThan(1_000);
  }

  @Test
  void history_isNewestFirst_paged_andFilteredByStatus() {
    String first = server.createRun(SMOKE);
    String second = server.createRun(SMOKE);
    server.awaitEnd(second);

    JsonNode page = server.get("/v1/test-runs?size=1&page=0").json();
    assertThat(page.path("size").asInt()).isEqualTo(1);
    assertThat(page.path("items")).hasSize(1);
    assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(page.path("items").get(0).path("id").asString()).isEqualTo(second);
    JsonNode next = server.get("/v1/test-runs?size=1&page=1").json();
    assertThat(next.path("items").get(0).path("id").asString()).isEqualTo(first);
    JsonNode passed = server.get("/v1/test-runs?status=passed&size=100").json();
    assertThat(passed.path("items").valueStream().map(r -> r.path("status").asString()))
        .containsOnly("passed");
    server.get("/v1/test-runs?size=0").problem(422);
    assertThat(server.get("/v1/test-runs?status=bogus").problem(422)).contains("bogus");
  }

  @Test
  void history_filteredBySuite_onTheServer_withItsOwnTotal() {
    String custom = server.createRun("{\"suites\":[\"sim\"],\"dataset\":{\"users\":5}}");
    String smoke = server.createRun(SMOKE);
    server.awaitEnd(custom);
    server.awaitEnd(smoke);

    JsonNode customs = server.get("/v1/test-runs?suite=custom&size=100").json();
    assertThat(customs.path("items").valueStream().map(r -> r.path("suite").asString()))
        .containsOnly("custom");
    assertThat(customs.path("items").valueStream().map(r -> r.path("id").asString()))
        .contains(custom)
        .doesNotContain(smoke);
    assertThat(customs.path("total").asLong()).isEqualTo(customs.path("items").size());
    JsonNode smokes = server.get("/v1/test-runs?suite=smoke&status=passed&size=100").json();
    assertThat(smokes.path("items").valueStream().map(r -> r.path("suite").asString()))
        .containsOnly("smoke");
    assertThat(smokes.path("items").valueStream().map(r -> r.path("id").asString()))
        .contains(smoke)
        .doesNotContain(custom);
    assertThat(server.get("/v1/test-runs?suite=none-such").json().path("total").asLong()).isZero();
  }

  @Test
  void idempotencyKey_sameBodyGivesTheSameRunWith200_anotherBodyIs422() {
    var first = server.post("/v1/test-runs", SMOKE, "Idempotency-Key", "key-one");
    var again = server.post("/v1/test-runs", SMOKE, "Idempotency-Key", "key-one");
    var other =
        server.post(
            "/v1/test-runs",
            "{\"suite\":\"smoke\",\"dataset\":{\"users\":21}}",
            "Idempotency-Key",
            "key-one");

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
    assertThat(other.problem(422)).contains("key-one").contains("different request");
    server.awaitEnd(first.json().path("id").asString());
  }

  @Test
  void idempotencyKey_concurrentPostsMakeExactlyOneRun() throws Exception {
    long before = server.get("/v1/test-runs").json().path("total").asLong();
    var ready = new CountDownLatch(1);
    List<CompletableFuture<TestServer.Reply>> replies = new ArrayList<>();
    // 20 real threads released together (the common pool has one thread on two cores).
    var pool = java.util.concurrent.Executors.newFixedThreadPool(20);
    for (int i = 0; i < 20; i++) {
      replies.add(
          CompletableFuture.supplyAsync(
              () -> {
                awaitQuietly(ready);
                return server.post("/v1/test-runs", SMOKE, "Idempotency-Key", "burst");
              },
              pool));
    }
    ready.countDown();

    Set<String> ids = new HashSet<>();
    int created = 0;
    for (var future : replies) {
      TestServer.Reply reply = future.get();
      assertThat(reply.status()).as(reply.body()).isIn(200, 201);
      created += reply.status() == 201 ? 1 : 0;
      ids.add(reply.json().path("id").asString());
    }
    pool.shutdown();
    assertThat(replies).hasSize(20);
    assertThat(ids).hasSize(1);
    assertThat(created).isEqualTo(1);
    assertThat(server.get("/v1/test-runs").json().path("total").asLong()).isEqualTo(before + 1);
    server.awaitEnd(ids.iterator().next());
  }

  @Test
  void cancel_ofAnEndedRunIs409_ofAnUnknownRun404() {
    String id = server.createRun(SMOKE);
    server.awaitEnd(id);

    assertThat(server.post("/v1/test-runs/" + id + "/cancel", null).problem(409))
        .contains("already ended");
    server.post("/v1/test-runs/nope/cancel", null).problem(404);
  }

  @Test
  void cancel_ofAQueuedRunEndsItAtOnce() {
    String busy = server.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":2000}}");
    String queued = server.createRun(SMOKE);

    var reply = server.post("/v1/test-runs/" + queued + "/cancel", null);

    assertThat(reply.status()).as(reply.body()).isIn(200, 202);
    assertThat(server.awaitEnd(queued).path("status").asString()).isEqualTo("cancelled");
    server.awaitEnd(busy);
  }

  @Test
  void unknownRun_is404ProblemJson() {
    assertThat(server.get("/v1/test-runs/20990101T000000Z-deadbeef").problem(404))
        .contains("20990101T000000Z-deadbeef");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
