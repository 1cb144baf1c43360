package dev.testops.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.engine.EngineOptions;
import dev.testops.enginehttp.EngineHttpServer;
import dev.testops.enginehttp.EngineServerConfig;
import dev.testops.toron.ToronEngineProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --max-in-flight} on {@code sim} and {@code replay}. */
class MaxInFlightCliTest {
  @TempDir Path home;
  private String out;
  private String err;

  private int run(String... args) {
    var context =
        new CliContext(
            Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
            () -> 0xC0FFEEL,
            System::nanoTime,
            name -> null,
            false);
    var outText = new StringWriter();
    var errText = new StringWriter();
    String[] withHome =
        Stream.concat(Stream.of(args), Stream.of("--home", home.toString())).toArray(String[]::new);
    int code =
        Main.run(context, new PrintWriter(outText, true), new PrintWriter(errText, true), withHome);
    out = outText.toString();
    err = errText.toString();
    return code;
  }

  @Test
  void simAndReplayOverHttp_withAnInFlightLimit_replayIdentically() {
    try (var toron = new ToronEngineProvider().create(EngineOptions.NONE.with("fault", ""));
        var server = EngineHttpServer.start(toron, EngineServerConfig.defaults())) {
      String url = "url=" + server.url();

      assertThat(
              run(
                  "sim",
                  "--users",
                  "40",
                  "--run-id",
                  "limited",
                  "--engine",
                  "http",
                  "--engine-option",
                  url,
                  "--max-in-flight",
                  "3"))
          .isZero();
      assertThat(run("replay", "--run-id", "limited", "--max-in-flight", "7", "--json")).isZero();
      assertThat(out).contains("\"determinism_score\":100");
    }
  }

  @Test
  void anInFlightLimitOutOfRange_exits3_withOneLine_andWritesNothing() throws IOException {
    assertThat(run("sim", "--users", "5", "--max-in-flight", "0"))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.strip()).isEqualTo("testops: --max-in-flight must be in [1, 10000], was 0");
    assertThat(run("sim", "--users", "5", "--max-in-flight", "10001"))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    try (Stream<Path> files = Files.walk(home)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
    assertThat(run("sim", "--users", "5", "--max-in-flight", "many")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void replayWithAnInFlightLimitOutOfRange_exits3() {
    assertThat(run("sim", "--users", "5", "--run-id", "r")).isZero();

    assertThat(run("replay", "--run-id", "r", "--max-in-flight", "-1"))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.strip()).isEqualTo("testops: --max-in-flight must be in [1, 10000], was -1");
  }
}
