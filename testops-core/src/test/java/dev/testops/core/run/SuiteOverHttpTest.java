package dev.testops.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.Sims;
import dev.testops.core.TestOps;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineOptions;
import dev.testops.enginehttp.EngineHttpServer;
import dev.testops.enginehttp.EngineServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sim and replay phases' {@code max_in_flight} parameter, against an engine over HTTP. */
class SuiteOverHttpTest {
  @TempDir Path home;
  private TestOps testops;
  private RunStore store;
  private RunService service;
  private Engine toron;
  private EngineHttpServer server;
  private final AtomicLong entropy = new AtomicLong();

  @BeforeEach
  void open() {
    testops = Sims.testops(home, entropy::incrementAndGet, "/* charts */");
    store = testops.store();
    service = testops.runs();
    toron = Sims.registry().open("toron-v2.5h+", EngineOptions.NONE.with("fault", ""));
    server = EngineHttpServer.start(toron, EngineServerConfig.defaults());
  }

  @AfterEach
  void close() {
    server.close();
    toron.close();
    testops.close();
  }

  @Test
  void suiteWithAnInFlightLimit_simulatesAndReplaysOverHttp() throws IOException {
    suite("limited", "4");

    Run run = service.runInProcess(overHttp("limited"), e -> {});

    assertThat(run.status()).isEqualTo(RunStatus.PASSED);
    assertThat(run.phases()).extracting(PhaseRun::status).containsOnly(PhaseStatus.PASSED);
  }

  @Test
  void invalidInFlightLimit_failsThePhase_namingTheParameterAndItsBounds() throws IOException {
    suite("broken", "lots");

    Run run = service.runInProcess(overHttp("broken"), e -> {});

    assertThat(run.status()).isNotEqualTo(RunStatus.PASSED);
    assertThat(run.reason())
        .contains("max_in_flight must be a whole number in [1, 10000], was 'lots'");
  }

  private void suite(String name, String maxInFlight) throws IOException {
    Path file = home.resolve("config/suites/" + name + ".yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "name: "
            + name
            + "\ndescription: over HTTP\ndataset:\n  users: 30\nphases:\n"
            + "  - phase: sim\n    max_in_flight: "
            + maxInFlight
            + "\n  - phase: replay\n    floor: 98\n    max_in_flight: "
            + maxInFlight
            + "\n",
        StandardCharsets.UTF_8);
  }

  private RunRequest overHttp(String suite) {
    return service.resolve(
        new Submission(
            Optional.of(suite),
            Optional.empty(),
            Optional.empty(),
            Optional.of(30),
            OptionalLong.of(7),
            Optional.of("http"),
            Map.of("url", server.url())));
  }
}
