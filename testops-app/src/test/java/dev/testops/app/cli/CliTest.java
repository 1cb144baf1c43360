package dev.testops.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.canonical.CanonicalJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The command line as a user or a CI pipeline drives it: output, files and exit codes. */
class CliTest {
  @TempDir Path home;
  private final Map<String, String> env = new HashMap<>(Map.of("USER", "ci"));
  private String out;
  private String err;

  private int run(String... args) {
    var context =
        new CliContext(
            Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
            () -> 0xC0FFEEL,
            System::nanoTime,
            env::get,
            false);
    var outText = new StringWriter();
    var errText = new StringWriter();
    String[] withHome =
        Stream.concat(Stream.of(args), Stream.of("--home", home.toString())).toArray(String[]::new);
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("--version"))) {
      withHome = args;
    }
    int code =
        Main.run(context, new PrintWriter(outText, true), new PrintWriter(errText, true), withHome);
    out = outText.toString();
    err = errText.toString();
    return code;
  }

  @Test
  void sim_writesTheSnapshot_andPrintsItsSummaryAsOneJsonObject() {
    int code = run("sim", "--users", "40", "--seed", "3", "--run-id", "cli1", "--json");

    assertThat(code).isZero();
    JsonNode summary = CanonicalJson.parse(out.getBytes(StandardCharsets.UTF_8), "stdout");
    assertThat(summary.path("run_id").asString()).isEqualTo("cli1");
    assertThat(summary.path("seed").asLong()).isEqualTo(3);
    assertThat(summary.path("seed_source").asString()).isEqualTo("flag");
    assertThat(summary.path("metrics").path("requests").asLong()).isEqualTo(200);
    assertThat(home.resolve("snapshots/run-cli1.json")).exists();
    assertThat(home.resolve("snapshots/run-cli1.records.jsonl.zst")).exists();
    assertThat(out.strip().lines()).hasSize(1);
  }

  @Test
  void sim_withoutARunId_makesATimeOrderedOne_andDerivesTheSeedFromIt() throws IOException {
    assertThat(run("sim", "--users", "5")).isZero();

    Path snapshot = home.resolve("snapshots/run-20261125T120000Z-00c0ffee.json");
    assertThat(snapshot).exists();
    JsonNode doc = CanonicalJson.parse(Files.readAllBytes(snapshot), "snapshot");
    assertThat(doc.path("seed_source").asString()).isEqualTo("run-id");
    assertThat(doc.path("trigger").path("by").asString()).isEqualTo("ci");
    assertThat(doc.path("trigger").path("command").asString()).startsWith("testops sim --users 5");
    assertThat(out).contains("tiers:").contains("opus escalations:");
  }

  @Test
  void simSeedFromTheEnvironment_isUsed_andRecordedAsSuch() {
    env.put("SIM_SEED", "42");

    assertThat(run("sim", "--users", "5", "--run-id", "env", "--json")).isZero();
    JsonNode summary = CanonicalJson.parse(out.getBytes(StandardCharsets.UTF_8), "stdout");
    assertThat(summary.path("seed").asLong()).isEqualTo(42);
    assertThat(summary.path("seed_source").asString()).isEqualTo("env");
  }

  @Test
  void usersOverTheCeiling_exit3_withOneLine_andWriteNothing() throws IOException {
    int code = run("sim", "--users", "10001");

    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.strip())
        .isEqualTo(
            "testops: 10001 users exceeds the SIM ceiling of 10000 users"
                + " (max_users in config/sim_config.yaml)");
    assertThat(filesUnder(home)).isEmpty();
  }

  @Test
  void replay_ofACleanRun_exits0_andWritesTheDeterminismReport() {
    run("sim", "--users", "30", "--run-id", "r1");

    int code = run("replay", "--run-id", "r1", "--offline", "--json");

    assertThat(code).isZero();
    JsonNode result = CanonicalJson.parse(out.getBytes(StandardCharsets.UTF_8), "stdout");
    assertThat(result.path("determinism_score").decimalValue()).isEqualByComparingTo("100");
    assertThat(home.resolve("reports/determinism.json")).exists();
  }

  @Test
  void replay_withANondeterministicEngine_belowTheGate_exits1_andShowsBothPayloads() {
    run("sim", "--users", "200", "--run-id", "r2");

    int code =
        run(
            "replay",
            "--run-id",
            "r2",
            "--offline",
            "--floor",
            "98",
            "--engine-option",
            "fault=nondeterministic:0.05");

    assertThat(code).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(out).contains("DRIFT").contains("expected: {").contains("actual:   {");
  }

  @Test
  void replay_ofAnUnknownRun_exits4() {
    assertThat(run("replay", "--run-id", "missing")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err).startsWith("testops: no snapshot at ");
  }

  @Test
  void replay_ofACorruptSnapshot_exits5_withoutAStackTrace() throws IOException {
    run("sim", "--users", "5", "--run-id", "bad");
    Path snapshot = home.resolve("snapshots/run-bad.json");
    Files.writeString(snapshot, Files.readString(snapshot).substring(0, 100));

    assertThat(run("replay", "--run-id", "bad")).isEqualTo(ExitCodes.CORRUPT);
    assertThat(err.lines()).hasSize(1);
    assertThat(err).contains("is not valid JSON").doesNotContain("\tat ");
  }

  @Test
  void malformedConfig_exits3_namingTheFile() throws IOException {
    Path config = home.resolve("config/sim_config.yaml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "max_users: {oops\n");

    assertThat(run("sim", "--users", "5")).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err).contains("sim_config.yaml is not valid YAML");
  }

  @Test
  void unknownEngine_exits4_forSimAndForEngineCheck() {
    assertThat(run("sim", "--users", "5", "--engine", "nope")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err).contains("unknown engine 'nope'");
    assertThat(run("engine", "check", "--engine", "nope")).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void engineCheck_passes_forToron_andFails_forABrokenOne() {
    assertThat(run("engine", "check")).isZero();
    assertThat(out).contains("PASSED");

    assertThat(run("engine", "check", "--engine-option", "fault=error:1.0"))
        .isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(out).contains("FAIL").contains("injected fault");
  }

  @Test
  void sameRunIdTwice_exits7_andKeepsTheFirst() {
    run("sim", "--users", "5", "--run-id", "dup");

    assertThat(run("sim", "--users", "5", "--run-id", "dup")).isEqualTo(ExitCodes.CONFLICT);
    assertThat(err).contains("already exists");
  }

  @Test
  void compare_exits0_whenIdentical_and1_whenDifferent_andWritesBothReports() {
    run("sim", "--users", "20", "--seed", "1", "--run-id", "c1");
    run("sim", "--users", "20", "--seed", "1", "--run-id", "c2");
    run("sim", "--users", "20", "--seed", "2", "--run-id", "c3");

    assertThat(run("compare", "--base", "c1", "--target", "c2")).isZero();
    assertThat(out).contains("IDENTICAL");
    assertThat(run("compare", "--base", "c1", "--target", "c3")).isEqualTo(1);
    assertThat(out).contains("DIFFERENT").contains("dataset: DIFFERS");
    assertThat(home.resolve("reports/snapshot_diff.txt")).exists();
    assertThat(home.resolve("reports/snapshot_diff.json")).exists();
  }

  @Test
  void aRunAgainstAnEngineOverHttp_isReplayedOverHttp() {
    var toron =
        new dev.testops.toron.ToronEngineProvider()
            .create(dev.testops.engine.EngineOptions.NONE.with("fault", ""));
    String url;
    try (var server =
        dev.testops.enginehttp.EngineHttpServer.start(
            toron, dev.testops.enginehttp.EngineServerConfig.defaults())) {
      url = server.url();
      assertThat(
              run(
                  "sim",
                  "--users",
                  "20",
                  "--run-id",
                  "remote",
                  "--engine",
                  "http",
                  "--engine-option",
                  "url=" + url))
          .isZero();
      assertThat(run("replay", "--run-id", "remote", "--json")).isZero();
      assertThat(out).contains("\"determinism_score\":100");
    }
    // With the engine gone, the replay fails to reach it: it did not quietly run in-process.
    assertThat(run("replay", "--run-id", "remote")).isEqualTo(ExitCodes.ENGINE);
    assertThat(err).contains("refused the connection");
  }

  @Test
  void report_rendersARunAgain_byteIdentical_andRefusesUnknownRuns() throws IOException {
    assertThat(run("report", "--all")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err).contains("run a suite first");
    assertThat(run("run", "--suite", "smoke", "--users", "10")).isZero();
    Path master = home.resolve("reports/master");
    Path html;
    try (var files = Files.list(master)) {
      html = files.filter(f -> f.toString().endsWith(".html")).findFirst().orElseThrow();
    }
    String runId = html.getFileName().toString().replace("run-", "").replace(".html", "");
    Path json = master.resolve("run-" + runId + ".json");
    byte[] htmlBytes = Files.readAllBytes(html);
    byte[] jsonBytes = Files.readAllBytes(json);
    Files.delete(html);
    Files.delete(json);

    assertThat(run("report", "--run-id", runId)).isZero();

    assertThat(Files.readAllBytes(html)).isEqualTo(htmlBytes);
    assertThat(Files.readAllBytes(json)).isEqualTo(jsonBytes);
    assertThat(out)
        .contains("reports/master/run-" + runId + ".html")
        .contains("reports/index.html");
    assertThat(run("report", "--all")).isZero();
    assertThat(Files.readString(home.resolve("reports/index.html"))).contains(runId);
    assertThat(run("report", "--run-id", "20990101T000000Z-00000000"))
        .isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err).contains("20990101T000000Z-00000000").doesNotContain("Exception");
    assertThat(run("report")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void badOptions_exit2() {
    assertThat(run("sim", "--users", "many")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("replay")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void badRunId_exit3() {
    assertThat(run("sim", "--users", "5", "--run-id", "../etc")).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err).contains("invalid run id");
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
