package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The legacy routes of seeds 000 and 003, with the BEGIN TESTING interlock. */
@Timeout(120)
class LegacyApiTest {
  private static final String SMALL = "{\"dataset\":{\"users\":20}}";

  @TempDir Path home;
  private TestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * The home's suites override the built-in ones: the same phases, with the 5-second {@code smoke}
   * load scenario instead of minutes of load.
   */
  private void shortLoadSuites() throws IOException {
    java.nio.file.Files.createDirectories(home.resolve("config/suites"));
    java.nio.file.Files.writeString(
        home.resolve("config/suites/full.yaml"),
        String.join(
            "\n",
            "name: full",
            "description: full, with a short load test",
            "dataset: {users: 20}",
            "phases:",
            "  - phase: engine-check",
            "  - phase: sim",
            "  - phase: replay",
            "    floor: 98",
            "  - phase: load",
            "    scenario: smoke",
            ""));
    java.nio.file.Files.writeString(
        home.resolve("config/suites/regression_core.yaml"),
        String.join(
            "\n",
            "name: regression_core",
            "description: regression_core, with a short load test",
            "dataset: {users: 20}",
            "phases:",
            "  - phase: sim",
            "  - phase: replay",
            "    floor: 98",
            "  - phase: load",
            "    scenario: smoke",
            ""));
  }

  @Test
  void runRoutes_areLockedUntilBegin_andAWrongPhraseIs400() throws IOException {
    shortLoadSuites();
    server = TestServer.start(home);

    assertThat(server.post("/tests/run", SMALL).problem(423)).contains("BEGIN TESTING");
    server.post("/tests/run_all", null).problem(423);
    server.post("/begin", "{\"phrase\":\"begin testing\"}").problem(400);
    server.post("/begin", null).problem(400);
    server.post("/begin", "{\"phrase\":\"BEGIN TESTING\",\"now\":true}").problem(422);
    server.post("/tests/run", SMALL).problem(423);

    var unlocked = server.post("/begin", "{\"phrase\":\"BEGIN TESTING\"}");
    assertThat(unlocked.status()).isEqualTo(200);
    assertThat(unlocked.json().path("unlocked").asBoolean()).isTrue();
    assertThat(unlocked.json().path("window_seconds").asLong()).isEqualTo(1800);

    var run = server.post("/tests/run", SMALL);
    assertThat(run.status()).as(run.body()).isEqualTo(202);
    String id = run.json().path("run_id").asString();
    assertThat(id).isNotBlank();
    JsonNode status = server.get("/tests/status/" + id).json();
    assertThat(status.path("suite").asString()).isEqualTo("regression_core");
    assertThat(server.awaitEnd(id).path("status").asString()).isEqualTo("passed");
  }

  @Test
  void theUnlockExpires() throws InterruptedException {
    server = TestServer.start(home, config -> config.withUnlockWindow(Duration.ofMillis(300)));

    assertThat(server.post("/begin", "{\"phrase\":\"BEGIN TESTING\"}").status()).isEqualTo(200);
    Thread.sleep(400);

    server.post("/tests/run", SMALL).problem(423);
  }

  @Test
  void result_aggregatesPhasesScoreSnapshotAndArtifacts_andTheBundleIsServed() throws IOException {
    shortLoadSuites();
    server = TestServer.start(home);
    server.post("/begin", "{\"phrase\":\"BEGIN TESTING\"}");
    var run = server.post("/tests/run_all", SMALL);
    assertThat(run.status()).as(run.body()).isEqualTo(202);
    String id = run.json().path("run_id").asString();
    server.awaitEnd(id);

    JsonNode result = server.get("/tests/result/" + id).json();
    assertThat(result.path("status").asString()).isEqualTo("passed");
    assertThat(result.path("suite").asString()).isEqualTo("full");
    assertThat(result.path("phases").valueStream().map(p -> p.path("name").asString()))
        .containsExactly("engine-check", "sim", "replay", "load");
    assertThat(result.path("determinism_score").asDouble()).isEqualTo(100.0);
    assertThat(result.path("snapshot").asString()).isEqualTo("snapshots/run-" + id + ".json");
    assertThat(result.path("artifacts").findValuesAsString("kind"))
        .contains("snapshot", "bundle", "load");
    JsonNode snapshot =
        dev.testops.core.canonical.CanonicalJson.parse(
            java.nio.file.Files.readAllBytes(home.resolve("snapshots/run-" + id + ".json")),
            "snapshot");
    assertThat(snapshot.at("/metrics/load/metrics/http_reqs/count").asLong()).isEqualTo(100);
    assertThat(snapshot.at("/metrics/sim/requests").asLong()).isEqualTo(100);

    HttpResponse<byte[]> bundle = bytes("/tests/bundle/" + id);
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.headers().firstValue("Content-Type")).hasValue("application/gzip");
    try (var gzip = new GZIPInputStream(new ByteArrayInputStream(bundle.body()))) {
      assertThat(gzip.readAllBytes()).isNotEmpty();
    }
  }

  @Test
  void bundle_ofARunThatHasNotEnded_is404NotReady() {
    server = TestServer.start(home);
    String busy = server.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":2000}}");
    String queued = server.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":20}}");
    server.post("/v1/test-runs/" + queued + "/cancel", null);

    assertThat(server.get("/tests/bundle/" + queued).problem(404)).contains("bundle not ready");
    server.awaitEnd(busy);
  }

  private HttpResponse<byte[]> bytes(String path) {
    try {
      return server.http.send(
          HttpRequest.newBuilder(server.uri(path)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
