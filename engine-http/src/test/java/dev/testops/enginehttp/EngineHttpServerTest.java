package dev.testops.enginehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server's lifecycle and configuration. */
class EngineHttpServerTest {

  @Test
  void portZero_bindsAnEphemeralLoopbackPort() {
    try (var server = EngineHttpServer.start(new ScriptedEngine(), EngineServerConfig.defaults())) {
      assertThat(server.port()).isPositive();
      assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
      assertThat(server.descriptor()).isEqualTo(ScriptedEngine.DESCRIPTOR);
    }
  }

  @Test
  void awaitClosed_returnsOnceClosedAndCloseIsIdempotent() throws Exception {
    var server = EngineHttpServer.start(new ScriptedEngine(), EngineServerConfig.defaults());
    var waiter =
        CompletableFuture.runAsync(
            () -> {
              try {
                server.awaitClosed();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });

    assertThat(waiter).isNotDone();
    server.close();
    server.close();

    waiter.get(10, TimeUnit.SECONDS);
  }

  @Test
  void config_rejectsOutOfRangeValuesNamingTheField() {
    var defaults = EngineServerConfig.defaults();

    assertThatThrownBy(() -> defaults.withPort(65_536))
        .hasMessage("port must be in [0, 65535], was 65536");
    assertThatThrownBy(() -> defaults.withThreads(0, 1))
        .hasMessage("ioThreads must be >= 1, was 0");
  }

  @Test
  void latencyMode_parsesCommandLineLabels() {
    assertThat(LatencyMode.parse("model")).isEqualTo(LatencyMode.MODEL);
    assertThat(LatencyMode.parse("NONE")).isEqualTo(LatencyMode.NONE);
    assertThatThrownBy(() -> LatencyMode.parse("scaled"))
        .hasMessage("latency must be model or none, was 'scaled'");
  }
}
