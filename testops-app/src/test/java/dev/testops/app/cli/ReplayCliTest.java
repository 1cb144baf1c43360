package dev.testops.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code testops replay} as a user reads it: the verdict first, the options it ran with, exit
 * codes.
 */
class ReplayCliTest {
  @TempDir Path home;
  private Cli cli;

  @BeforeEach
  void cli() {
    cli = new Cli(home);
  }

  @Test
  void simUnderToronFault_recordsTheFault_andItsReplayWithoutTheVariableIsIdentical()
      throws IOException {
    cli.env.put("TORON_FAULT", "error:0.5");
    assertThat(cli.run("sim", "--users", "100", "--run-id", "f1", "--json")).isZero();
    JsonNode summary = cli.json();
    assertThat(summary.path("engine_options").path("fault").path("value").asString())
        .isEqualTo("error:0.5");
    assertThat(summary.path("engine_options").path("fault").path("source").asString())
        .isEqualTo("environment");
    assertThat(summary.path("metrics").path("errors").asLong()).isBetween(200L, 300L);
    JsonNode snapshot = cli.file("snapshots/run-f1.json");
    assertThat(
            snapshot
                .path("engine")
                .path("effective_options")
                .path("fault")
                .path("variable")
                .asString())
        .isEqualTo("TORON_FAULT");

    cli.env.remove("TORON_FAULT");
    int code = cli.run("replay", "--run-id", "f1", "--offline");

    assertThat(code).isZero();
    assertThat(cli.firstLine())
        .isEqualTo(
            "IDENTICAL: all 500 records match the snapshot (determinism_score 100, floor 90)");
    assertThat(cli.out)
        .contains(
            "engine options: as the run recorded them, fault=error:0.5 (environment TORON_FAULT)")
        .doesNotContain("engine options differ")
        .doesNotContain("PASSED");
    JsonNode result = cli.file("reports/determinism.json");
    assertThat(result.path("verdict").asString()).isEqualTo("IDENTICAL");
    assertThat(result.path("options_match").asBoolean()).isTrue();
  }

  @Test
  void aSimSummary_showsTheOptionsFromTheEnvironment() {
    cli.env.put("TORON_FAULT", "error:0.5");

    assertThat(cli.run("sim", "--users", "10", "--run-id", "f2")).isZero();

    assertThat(cli.out).contains("engine options:   fault=error:0.5 (environment TORON_FAULT)");
  }

  @Test
  void replayToldAnotherOption_saysTheOptionsDiffer_onItsSecondLine() {
    cli.env.put("TORON_FAULT", "error:0.5");
    cli.run("sim", "--users", "100", "--run-id", "f3");
    cli.env.remove("TORON_FAULT");

    int code = cli.run("replay", "--run-id", "f3", "--engine-option", "fault=none");

    assertThat(code).isEqualTo(ExitCodes.CHECK_FAILED);
    var lines = cli.out.lines().toList();
    assertThat(lines.get(0)).startsWith("DRIFT: ").contains("other engine options than the run");
    assertThat(lines.get(1)).isEqualTo("engine options differ from the ones the run recorded:");
    assertThat(lines.get(2))
        .isEqualTo(
            "  fault: recorded error:0.5 (environment TORON_FAULT), replayed with none (option)");
  }

  @Test
  void identical_exits0() {
    cli.run("sim", "--users", "40", "--run-id", "same");

    assertThat(cli.run("replay", "--run-id", "same")).isZero();
    assertThat(cli.firstLine()).startsWith("IDENTICAL: all 200 records match");
  }

  @Test
  void driftWithinTheFloor_exits0_butItsFirstLineNamesTheDivergedRecords() throws IOException {
    // The run's own engine was nondeterministic on 5 % of its answers.
    cli.run(
        "sim",
        "--users",
        "200",
        "--run-id",
        "nd5",
        "--engine-option",
        "fault=nondeterministic:0.05");

    int code = cli.run("replay", "--run-id", "nd5");

    assertThat(code).isZero();
    JsonNode result = cli.file("reports/determinism.json");
    long differing = result.path("records").path("differing").asLong();
    assertThat(differing).isPositive();
    assertThat(cli.firstLine())
        .startsWith("DRIFT WITHIN FLOOR: " + differing + " of 1000 records diverged")
        .endsWith("the engine is not deterministic");
    assertThat(cli.out).doesNotContain("PASSED").contains("diverging record #");
    assertThat(result.path("verdict").asString()).isEqualTo("DRIFT WITHIN FLOOR");
    assertThat(result.path("passed").asBoolean()).isTrue();
  }

  @Test
  void driftBelowTheFloor_exits1() throws IOException {
    // A stronger nondeterminism: a fifth of the answers differ, below the default floor of 90.
    cli.run(
        "sim",
        "--users",
        "200",
        "--run-id",
        "nd20",
        "--engine-option",
        "fault=nondeterministic:0.2");

    int code = cli.run("replay", "--run-id", "nd20");

    assertThat(code).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(cli.firstLine()).startsWith("DRIFT: ").contains("below the floor 90");
    assertThat(cli.file("reports/determinism.json").path("verdict").asString()).isEqualTo("DRIFT");
  }

  @Test
  void theSameDrift_isWithinOneFloor_andBelowAnother() {
    cli.run(
        "sim",
        "--users",
        "200",
        "--run-id",
        "nd",
        "--engine-option",
        "fault=nondeterministic:0.05");

    assertThat(cli.run("replay", "--run-id", "nd", "--floor", "90", "--json")).isZero();
    assertThat(cli.json().path("verdict").asString()).isEqualTo("DRIFT WITHIN FLOOR");
    assertThat(cli.run("replay", "--run-id", "nd", "--floor", "98", "--json"))
        .isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(cli.json().path("verdict").asString()).isEqualTo("DRIFT");
  }
}
