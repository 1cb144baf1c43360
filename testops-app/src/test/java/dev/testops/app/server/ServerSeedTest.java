package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A server started with SIM_SEED gives it to every run whose request names no seed. */
@Timeout(120)
class ServerSeedTest {
  private static final String SIM_ONLY = "{\"suites\":[\"sim\"],\"dataset\":{\"users\":5}}";

  @TempDir Path home;

  @Test
  void aRunWithoutASeed_takesTheServersSimSeed_andARequestSeedStillWins() throws IOException {
    try (var server =
        TestServer.start(home, c -> c.withEnvironment(Map.of("SIM_SEED", "4242")::get))) {
      String fromEnv = server.createRun(SIM_ONLY);
      JsonNode envRun = server.awaitEnd(fromEnv);
      String fromRequest =
          server.createRun("{\"suites\":[\"sim\"],\"dataset\":{\"users\":5,\"seed\":7}}");
      server.awaitEnd(fromRequest);

      assertThat(envRun.path("status").asString()).isEqualTo("passed");
      assertThat(envRun.path("request").path("dataset").path("seed").asLong()).isEqualTo(4242);
      assertThat(envRun.path("request").path("dataset").path("seed_source").asString())
          .isEqualTo("env");
      JsonNode sim = envRun.path("phases").get(0).path("summary");
      assertThat(sim.path("seed").asLong()).isEqualTo(4242);
      assertThat(sim.path("seed_source").asString()).isEqualTo("env");
      assertThat(snapshot(fromEnv).path("seed").asLong()).isEqualTo(4242);
      assertThat(snapshot(fromEnv).path("seed_source").asString()).isEqualTo("env");
      assertThat(snapshot(fromRequest).path("seed").asLong()).isEqualTo(7);
      assertThat(snapshot(fromRequest).path("seed_source").asString()).isEqualTo("request");
    }
  }

  @Test
  void withoutSimSeed_theSeedDerivesFromTheRunId_andSaysSo() throws IOException {
    try (var server = TestServer.start(home)) {
      String id = server.createRun(SIM_ONLY);
      server.awaitEnd(id);

      assertThat(snapshot(id).path("seed_source").asString()).isEqualTo("run-id");
    }
  }

  @Test
  void aMalformedSimSeed_refusesToStart_namingTheVariable_andCreatesNoStore() {
    assertThatThrownBy(
            () -> TestServer.start(home, c -> c.withEnvironment(Map.of("SIM_SEED", "forty")::get)))
        .isInstanceOf(TestOpsException.InvalidInput.class)
        .hasMessageContaining("SIM_SEED must be an integer")
        .hasMessageContaining("'forty'");
    assertThat(home.resolve("data/tests_master.db")).doesNotExist();
  }

  private JsonNode snapshot(String runId) throws IOException {
    Path file = home.resolve("snapshots/run-" + runId + ".json");
    return CanonicalJson.parse(Files.readAllBytes(file), file.toString());
  }
}
