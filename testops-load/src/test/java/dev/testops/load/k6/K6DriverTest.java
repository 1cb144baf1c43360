package dev.testops.load.k6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.TestOpsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Runs the driver against a fake {@code k6}: a bash script first on the PATH it is given. */
@DisabledOnOs(OS.WINDOWS)
class K6DriverTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path bin;
  @TempDir Path home;
  private final List<String> log = new CopyOnWriteArrayList<>();

  /**
   * Installs a fake k6 that records its arguments and environment, copies {@code fixture} (if any)
   * to the {@code --summary-export} path, writes a line to each stream and exits with {@code exit}.
   */
  private Map<String, String> fakeK6(String fixture, int exit, String extra) throws IOException {
    String copy =
        fixture == null
            ? ""
            : "cp '" + K6SummaryTest.FIXTURES.resolve(fixture).toAbsolutePath() + "' \"$out\"\n";
    String script =
        "#!/bin/bash\n"
            + "printf '%s\\n' \"$@\" > '"
            + bin.resolve("args.txt")
            + "'\n"
            + "echo \"$K6_NO_USAGE_REPORT\" > '"
            + bin.resolve("env.txt")
            + "'\n"
            + "out=''\n"
            + "while [ $# -gt 0 ]; do\n"
            + "  if [ \"$1\" = --summary-export ]; then out=\"$2\"; shift; fi\n"
            + "  shift\n"
            + "done\n"
            + "echo 'running (fake k6)'\n"
            + "echo 'progress on stderr' >&2\n"
            + extra
            + copy
            + "exit "
            + exit
            + "\n";
    Path k6 = bin.resolve("k6");
    Files.writeString(k6, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(k6, PosixFilePermissions.fromString("rwxr-xr-x"));
    return Map.of("PATH", bin + ":/usr/bin:/bin");
  }

  private K6RunResult run(Map<String, String> environment) {
    return K6Driver.onPath(environment).run(K6Specs.constantArrivalRate(), home, TIMEOUT, log::add);
  }

  @Test
  void exitZero_passesAndMapsTheExportedSummary() throws IOException {
    K6RunResult result = run(fakeK6("summary-export-legacy-passed.json", 0, ""));

    assertThat(result.outcome()).isEqualTo(K6RunResult.Outcome.PASSED);
    assertThat(result.passed()).isTrue();
    assertThat(result.exitCode()).isZero();
    assertThat(result.summary().toJson().at("/metrics/http_reqs/count").longValue())
        .isEqualTo(1200);
    assertThat(result.script()).isEqualTo(home.resolve("load/mock_scenarios.js"));
    assertThat(Files.readString(result.script()))
        .isEqualTo(K6Script.render(K6Specs.constantArrivalRate()));
    assertThat(Files.readAllLines(bin.resolve("args.txt")))
        .containsExactly(
            "run",
            "--summary-export",
            home.resolve("load/k6_summary.json").toString(),
            home.resolve("load/mock_scenarios.js").toString());
    assertThat(Files.readString(bin.resolve("env.txt")).strip()).isEqualTo("true");
    assertThat(log).contains("running (fake k6)", "progress on stderr");
  }

  @Test
  void exit99_reportsFailedThresholdsAsACompletedRun() throws IOException {
    K6RunResult result = run(fakeK6("summary-export-legacy.json", 99, ""));

    assertThat(result.outcome()).isEqualTo(K6RunResult.Outcome.THRESHOLDS_FAILED);
    assertThat(result.exitCode()).isEqualTo(99);
    assertThat(result.summary().thresholds())
        .filteredOn(threshold -> !threshold.ok())
        .containsExactly(new K6ThresholdResult("http_req_duration", "p(99)<250", false));
  }

  @Test
  void exitOne_failsWithTheLastLinesOfStderr() throws IOException {
    Map<String, String> environment =
        fakeK6(null, 1, "echo 'level=error msg=\"GoError: connection refused\"' >&2\n");

    assertThatThrownBy(() -> run(environment))
        .isExactlyInstanceOf(TestOpsException.class)
        .hasMessage(
            "k6 failed with exit code 1; last lines of its stderr:\n"
                + "progress on stderr\n"
                + "level=error msg=\"GoError: connection refused\"");
  }

  @Test
  void knownExitCode_isNamedInTheMessage() throws IOException {
    Map<String, String> environment = fakeK6(null, 107, "");

    assertThatThrownBy(() -> run(environment))
        .hasMessageStartingWith("k6 failed with exit code 107 (script exception);");
  }

  @Test
  void failingLogListener_doesNotStallTheRun() throws IOException {
    Map<String, String> environment = fakeK6("summary-export-legacy-passed.json", 0, "");

    K6RunResult result =
        K6Driver.onPath(environment)
            .run(
                K6Specs.constantArrivalRate(),
                home,
                TIMEOUT,
                line -> {
                  throw new IllegalStateException("listener broke");
                });

    assertThat(result.passed()).isTrue();
  }

  @Test
  void noK6OnThePath_isNotFound() {
    Map<String, String> environment = Map.of("PATH", bin.toString());

    assertThat(K6Driver.find(environment)).isEmpty();
    assertThatThrownBy(() -> K6Driver.onPath(environment))
        .isInstanceOf(TestOpsException.NotFound.class)
        .hasMessageStartingWith("k6 is not on the PATH (" + bin + ")");
  }

  @Test
  void explicitPathThatDoesNotExist_isNotFound() {
    Path missing = bin.resolve("nowhere/k6");
    assertThatThrownBy(() -> K6Driver.at(missing, Map.of()))
        .isInstanceOf(TestOpsException.NotFound.class)
        .hasMessage("k6 executable not found at " + missing);
  }

  @Test
  void exitZeroWithoutASummary_isAnErrorEvenWhenAnOldSummaryIsThere() throws IOException {
    Files.createDirectories(home.resolve("load"));
    Files.writeString(home.resolve("load/k6_summary.json"), "{\"metrics\":{}}");
    Map<String, String> environment = fakeK6(null, 0, "");

    assertThatThrownBy(() -> run(environment))
        .isInstanceOf(TestOpsException.CorruptArtifact.class)
        .hasMessage(
            "k6 exited with 0 but wrote no summary to " + home.resolve("load/k6_summary.json"));
  }

  @Test
  void overrunningTheTimeout_stopsK6() throws IOException {
    Map<String, String> environment = fakeK6(null, 0, "exec sleep 30\n");
    K6Driver driver = K6Driver.onPath(environment);

    assertThatThrownBy(
            () -> driver.run(K6Specs.constantArrivalRate(), home, Duration.ofMillis(300), log::add))
        .isExactlyInstanceOf(TestOpsException.class)
        .hasMessage("k6 did not finish within PT0.3S; it was stopped");
  }
}
