package dev.testops.enginehttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.engine.Engine;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.SplitMix64;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --latency model} holds each answer for its modelled latency; {@code none} does not. */
class LatencyModeTest {
  /** Scheduling and a loaded 2-core machine add delay; they never make an answer early. */
  private static final long LATE_TOLERANCE_MICROS = 300_000;

  @Test
  void modelMode_answersAfterTheModelledLatency() {
    Slow slow = slowToronRequest();
    try (Engine toron = Toron.create();
        var server =
            EngineHttpServer.start(
                toron, EngineServerConfig.defaults().withLatencyMode(LatencyMode.MODEL));
        Engine remote = Toron.client(server, EngineOptions.NONE)) {
      remote.ping(); // connect and warm up outside the measurement

      long elapsedMicros = timeMicros(remote, slow.request());

      assertThat(elapsedMicros)
          .as("elapsed vs modelled latency_us %d", slow.latencyMicros())
          .isBetween(slow.latencyMicros(), slow.latencyMicros() + LATE_TOLERANCE_MICROS);
    }
  }

  @Test
  void noneMode_answersAtOnce() {
    Slow slow = slowToronRequest();
    try (Engine toron = Toron.create();
        var server =
            EngineHttpServer.start(
                toron, EngineServerConfig.defaults().withLatencyMode(LatencyMode.NONE));
        Engine remote = Toron.client(server, EngineOptions.NONE)) {
      remote.ping();

      long elapsedMicros = timeMicros(remote, slow.request());

      assertThat(elapsedMicros)
          .as("elapsed vs modelled latency_us %d", slow.latencyMicros())
          .isLessThan(slow.latencyMicros() / 2);
    }
  }

  @Test
  void modelMode_waitsConcurrentlyNotOneAfterAnother() throws Exception {
    try (var server =
            EngineHttpServer.start(
                new ScriptedEngine(),
                EngineServerConfig.defaults().withLatencyMode(LatencyMode.MODEL));
        var connection = new RawHttp(server.port())) {
      // Pipelined on one connection: 300 ms, then 0 ms. The second must wait for the first (order)
      // but not add to it, and the answers must come back in request order.
      String slowBody =
          new String(
              WireFormat.writeRequest(ScriptedEngine.latency(300_000)), StandardCharsets.UTF_8);
      String fastBody =
          new String(WireFormat.writeRequest(ScriptedEngine.latency(0)), StandardCharsets.UTF_8);
      long start = System.nanoTime();
      connection.send(RawHttp.post("/process", slowBody) + RawHttp.post("/process", fastBody));

      RawHttp.Response first = connection.read();
      RawHttp.Response second = connection.read();
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(first.body()).contains("\"latency_us\":300000");
      assertThat(second.body()).contains("\"latency_us\":0");
      assertThat(elapsedMillis).isBetween(300L, 300L + LATE_TOLERANCE_MICROS / 1000);
    }
  }

  private record Slow(EngineRequest request, long latencyMicros) {}

  /** A request Toron models as slow (0.4 s to 2 s), so "at once" and "after it" are far apart. */
  private static Slow slowToronRequest() {
    try (Engine toron = Toron.create()) {
      for (int i = 0; ; i++) {
        var request =
            new EngineRequest(
                "latency-user-" + i,
                1,
                "first summarise the quarterly report, then compare it with last year's, and"
                    + " then draft an email listing risks, owners and deadlines.",
                List.of(),
                SplitMix64.seedOf("latency", i));
        EngineResponse response = toron.process(request);
        if (response.latencyMicros() >= 400_000 && response.latencyMicros() <= 2_000_000) {
          return new Slow(request, response.latencyMicros());
        }
      }
    }
  }

  private static long timeMicros(Engine engine, EngineRequest request) {
    long start = System.nanoTime();
    engine.process(request);
    return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
  }
}
