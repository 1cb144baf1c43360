package dev.testops.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.engine.EngineOptions;
import dev.testops.enginehttp.EngineHttpServer;
import dev.testops.enginehttp.EngineServerConfig;
import dev.testops.toron.ToronEngineProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code testops load} against a real engine served over loopback HTTP. */
class LoadCommandTest {
  @TempDir Path home;
  private EngineHttpServer server;
  private String out;
  private String err;

  @BeforeEach
  void serveToron() {
    var engine = new ToronEngineProvider().create(EngineOptions.NONE.with("fault", ""));
    server = EngineHttpServer.start(engine, EngineServerConfig.defaults());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> env = Map.of();

  private int run(String... args) {
    var context =
        new CliContext(
            Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
            () -> 7,
            System::nanoTime,
            env::get,
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
  void openModelRun_passes_andWritesAK6ShapedReport() throws Exception {
    int code =
        run(
            "load",
            "--target",
            server.url(),
            "--rate",
            "50/s",
            "--duration",
            "2s",
            "--warmup",
            "1s",
            "--json",
            "--threshold",
            "http_req_failed=rate<0.01");

    assertThat(code).as(err).isZero();
    JsonNode summary = CanonicalJson.parse(out.getBytes(StandardCharsets.UTF_8), "stdout");
    assertThat(summary.path("metrics").path("http_reqs").path("count").asLong()).isEqualTo(100);
    // The warm-up's 50 requests at the same rate are kept apart from the 100 measured.
    assertThat(summary.at("/warmup/requests").asLong()).isEqualTo(50);
    assertThat(summary.at("/offered_rate").decimalValue()).isEqualByComparingTo("50");
    assertThat(summary.path("metrics").path("checks").path("fails").asLong()).isZero();
    assertThat(summary.path("metrics").path("http_req_duration").has("p(95)")).isTrue();
    try (var reports = Files.list(home.resolve("reports/load"))) {
      assertThat(reports.toList()).hasSize(1);
    }
  }

  @Test
  void failedThreshold_exits1_andSaysWhich() {
    int code =
        run(
            "load",
            "--target",
            server.url(),
            "--vus",
            "5",
            "--think-time",
            "100ms",
            "--warmup",
            "0",
            "--duration",
            "1s",
            "--threshold",
            "http_req_failed=rate<0");

    // An error-rate threshold is the target's alone: judged even if the generator was saturated
    // (in this test's JVM the engine and the JIT share its cores).
    assertThat(code).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(out).contains("FAILED: threshold http_req_failed rate<0");
  }

  @Test
  void vusWithoutAScenario_runWithZeroThinkTime_andSaySo() throws Exception {
    int code =
        run("load", "--target", server.url(), "--vus", "4", "--duration", "2s", "--warmup", "0");

    assertThat(code).as(err).isIn(ExitCodes.OK, ExitCodes.INCONCLUSIVE);
    assertThat(err).contains("closed model, 4 VUs at most, think time 0 s (--think-time)");
    assertThat(out).contains("no offered rate").doesNotContain("offered)");
    JsonNode report;
    try (var reports = Files.list(home.resolve("reports/load"))) {
      report = CanonicalJson.parse(Files.readAllBytes(reports.findFirst().orElseThrow()), "report");
    }
    // With the SIM users' think times (2.5-4 s on average) 4 VUs would send about 4 requests in
    // 2 s; with none they send as fast as the engine answers.
    assertThat(report.at("/metrics/http_reqs/count").asLong()).isGreaterThan(100);
    assertThat(report.has("offered_rate")).isFalse();
    assertThat(report.has("warmup")).isFalse();
  }

  /** {@code testops load --target <the server> ARGS...}. */
  private int load(String... args) {
    return run(
        Stream.concat(Stream.of("load", "--target", server.url()), Stream.of(args))
            .toArray(String[]::new));
  }

  @Test
  void thinkTimeSim_usesTheSimUsersThinkTimes_andOpenModelRefusesIt() {
    assertThat(load("--vus 2 --duration 1s --warmup 0 --think-time sim".split(" ")))
        .as(err)
        .isIn(ExitCodes.OK, ExitCodes.INCONCLUSIVE);
    assertThat(err).contains("think time the SIM users' think times (sim)");
    assertThat(load("--rate 5/s --duration 1s --think-time 0s".split(" ")))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err).contains("--think-time applies to the closed model");
    assertThat(load("--vus 2 --duration 1s --warmup soon".split(" ")))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err).contains("--warmup: duration 'soon'");
  }

  @Test
  void targetThatRefusesConnections_exits1_withAClearMessage() {
    server.close();

    int code = load("--rate 10/s --duration 1s --warmup 0".split(" "));

    assertThat(code).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(out).contains("connect_refused").contains("is the engine served");
  }

  @Test
  void overTheVuCeiling_exits3_beforeSendingAnything() {
    assertThat(run("load", "--target", server.url(), "--vus", "10001", "--duration", "1s"))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err).contains("ceiling of 10,000 VUs");
    assertThat(home.resolve("reports")).doesNotExist();
  }

  /** A fake k6 first on the PATH: writes a k6 legacy summary export, then exits with a code. */
  private void fakeK6(boolean thresholdFailed, int exit) throws Exception {
    Path bin = Files.createDirectories(home.resolve("bin"));
    String summary =
        "{\"metrics\":{\"http_reqs\":{\"count\":100,\"rate\":20.0},"
            + "\"http_req_duration\":{\"avg\":12.5,\"min\":1.0,\"med\":10.0,\"max\":90.0,"
            + "\"p(90)\":20.0,\"p(95)\":30.0,\"thresholds\":{\"p(95)<500\":"
            + thresholdFailed
            + "}},"
            + "\"http_req_failed\":{\"passes\":0,\"fails\":100,\"value\":0},"
            + "\"iterations\":{\"count\":100,\"rate\":20.0},"
            + "\"vus_max\":{\"value\":10,\"min\":10,\"max\":10},"
            + "\"checks\":{\"passes\":100,\"fails\":0,\"value\":1}},"
            + "\"root_group\":{\"name\":\"\",\"path\":\"\",\"id\":\"d41d8cd98f00b204e9800998ecf8427e\","
            + "\"groups\":{},\"checks\":{}}}";
    // The first call is the warm-up (no thresholds): it gets a summary of its own and exits 0.
    Files.writeString(bin.resolve("main.json"), summary);
    Files.writeString(
        bin.resolve("warmup.json"),
        summary.replace(
            "\"count\":100,\"rate\":20.0},\"http_req_duration\"",
            "\"count\":7,\"rate\":3.5},\"http_req_duration\""));
    Path k6 = bin.resolve("k6");
    Files.writeString(
        k6,
        "#!/bin/bash\n"
            + "bin=$(dirname \"$0\")\n"
            + "n=$(( $(cat \"$bin/calls\" 2>/dev/null || echo 0) + 1 )); echo $n > \"$bin/calls\"\n"
            + "for a in \"$@\"; do script=$a; done; cp \"$script\" \"$bin/script.$n.js\"\n"
            + "while [ $# -gt 0 ]; do if [ \"$1\" = --summary-export ]; then out=$2; fi; shift; done\n"
            + "if [ $n = 1 ]; then cp \"$bin/warmup.json\" \"$out\"; exit 0; fi\n"
            + "cp \"$bin/main.json\" \"$out\"\n"
            + "exit "
            + exit
            + "\n");
    k6.toFile().setExecutable(true);
    env = Map.of("PATH", bin + ":/usr/bin:/bin");
  }

  @Test
  void withK6OnThePath_theK6DriverRunsTheScript_andItsSummaryIsReported() throws Exception {
    fakeK6(false, 0);

    int code = run("load", "--target", server.url(), "--scenario", "smoke", "--json");

    assertThat(code).as(err).isZero();
    JsonNode summary = CanonicalJson.parse(out.getBytes(StandardCharsets.UTF_8), "stdout");
    assertThat(summary.path("driver").asString()).isEqualTo("k6");
    assertThat(summary.at("/metrics/http_reqs/count").asLong()).isEqualTo(100);
    assertThat(Files.readString(home.resolve("load/mock_scenarios.js")))
        .contains("constant-arrival-rate")
        .contains("/process");
  }

  @Test
  void withK6_theWarmUpRunsFirst_atTheStartingRate_andIsKeptApartFromTheResults() throws Exception {
    fakeK6(false, 0);

    int code = run("load", "--target", server.url(), "--scenario", "smoke", "--json");

    assertThat(code).as(err).isZero();
    Path bin = home.resolve("bin");
    assertThat(Files.readString(bin.resolve("calls")).strip()).isEqualTo("2");
    String warmScript = Files.readString(bin.resolve("script.1.js"));
    assertThat(warmScript)
        .contains("\"executor\": \"constant-arrival-rate\"")
        .contains("\"duration\": \"2s\"")
        .contains("\"rate\": 20,")
        .contains("\"thresholds\": { }");
    assertThat(Files.readString(bin.resolve("script.2.js"))).contains("rate<0.01");
    JsonNode summary = CanonicalJson.parse(out.getBytes(StandardCharsets.UTF_8), "stdout");
    // The measured window's figures are the second run's alone; the warm-up's are apart.
    assertThat(summary.at("/metrics/http_reqs/count").asLong()).isEqualTo(100);
    assertThat(summary.at("/warmup/driver").asString()).isEqualTo("k6");
    assertThat(summary.at("/warmup/requests").asLong()).isEqualTo(7);
    assertThat(summary.at("/warmup/duration_s").decimalValue()).isEqualByComparingTo("2");
  }

  @Test
  void k6Exit99_isAFailedThreshold_exit1() throws Exception {
    fakeK6(true, 99);

    assertThat(run("load", "--target", server.url(), "--scenario", "smoke", "--driver", "k6"))
        .isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(out).contains("threshold http_req_duration p(95)<500: FAILED");
  }

  @Test
  void k6Driver_withoutK6_saysSo() {
    assertThat(run("load", "--target", server.url(), "--scenario", "smoke", "--driver", "k6"))
        .isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err).contains("k6 is not on the PATH");
  }

  @Test
  void badOptions_exit3_namingTheOption() {
    assertThat(run("load", "--target", server.url(), "--rate", "fast", "--duration", "1s"))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err).contains("--rate must be a positive number");
    assertThat(run("load", "--target", server.url(), "--vus", "3"))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err).contains("need --duration");
  }
}
