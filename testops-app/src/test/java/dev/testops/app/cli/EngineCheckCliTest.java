package dev.testops.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code testops engine check}: its probes catch partial faults, and it says how many it sent. */
class EngineCheckCliTest {
  @TempDir Path home;
  private Cli cli;

  @BeforeEach
  void cli() {
    cli = new Cli(home);
  }

  @Test
  void aCleanEngine_passes_andThePrintoutNamesTheProbeCount() {
    assertThat(cli.run("engine", "check")).isZero();

    assertThat(cli.out)
        .contains("probes: 228 sent (each to two instances), 0 failed, 0 answered differently")
        .endsWith("PASSED\n");
  }

  @Test
  void errorFaultOfFivePercent_fromTheEnvironment_fails_exit1() {
    cli.env.put("TORON_FAULT", "error:0.05");

    assertThat(cli.run("engine", "check", "--json")).isEqualTo(ExitCodes.CHECK_FAILED);

    assertThat(cli.json().path("probes").asInt()).isEqualTo(228);
    assertThat(cli.json().path("probe_errors").asInt()).isPositive();
  }

  @Test
  void nondeterminismOfFivePercent_fails_exit1() {
    assertThat(cli.run("engine", "check", "--engine-option", "fault=nondeterministic:0.05"))
        .isEqualTo(ExitCodes.CHECK_FAILED);

    assertThat(cli.out).contains("probes: 228 sent").contains("FAIL probes").endsWith("FAILED\n");
  }

  @Test
  void errorFaultOfHalf_isCaughtToo() {
    // What wave 1's four canned prompts let through.
    assertThat(cli.run("engine", "check", "--engine-option", "fault=error:0.5"))
        .isEqualTo(ExitCodes.CHECK_FAILED);
  }
}
