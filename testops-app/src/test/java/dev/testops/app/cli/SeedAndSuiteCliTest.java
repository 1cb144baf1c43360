package dev.testops.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * SIM_SEED and --seed apply to every way of starting a SIM, and {@code sim --suite} takes the
 * suite's SIM parameters; the snapshot says where its seed came from.
 */
class SeedAndSuiteCliTest {
  @TempDir Path home;
  private Cli cli;

  @BeforeEach
  void cli() {
    cli = new Cli(home);
  }

  @Test
  void simSeed_reachesTheSimOfATestopsRun_andIsRecordedAsEnv() throws IOException {
    cli.env.put("SIM_SEED", "4242");

    assertThat(cli.run("run", "--suite", "smoke", "--users", "5")).isZero();

    JsonNode snapshot = cli.file(onlySnapshot());
    assertThat(snapshot.path("seed").asLong()).isEqualTo(4242);
    assertThat(snapshot.path("seed_source").asString()).isEqualTo("env");
  }

  @Test
  void seedOfATestopsRun_winsOverSimSeed_andIsRecordedAsFlag() throws IOException {
    cli.env.put("SIM_SEED", "4242");

    assertThat(cli.run("run", "--suite", "smoke", "--users", "5", "--seed", "9")).isZero();

    JsonNode snapshot = cli.file(onlySnapshot());
    assertThat(snapshot.path("seed").asLong()).isEqualTo(9);
    assertThat(snapshot.path("seed_source").asString()).isEqualTo("flag");
  }

  @Test
  void aMalformedSimSeed_exits3_forSimAndRun_writingNothing() throws IOException {
    cli.env.put("SIM_SEED", "4x2");

    assertThat(cli.run("sim", "--users", "5")).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.err.strip())
        .isEqualTo("testops: SIM_SEED must be an integer (a 64-bit seed), was '4x2'");
    assertThat(cli.run("run", "--suite", "smoke", "--users", "5"))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.err.strip()).startsWith("testops: SIM_SEED must be an integer");
    assertThat(cli.files()).isEmpty();
  }

  @Test
  void simOfAnUnknownSuite_exits3_inOneLine_writingNothing() throws IOException {
    int code = cli.run("sim", "--suite", "nightly", "--users", "5");

    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.err.strip())
        .isEqualTo("testops: unknown suite 'nightly' (known: full, regression_core, smoke)");
    assertThat(cli.files()).isEmpty();
  }

  @Test
  void simOfAnUnknownProfile_exits3_inOneLine_writingNothing() throws IOException {
    int code = cli.run("sim", "--profile", "online", "--users", "5");

    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.err.strip())
        .isEqualTo("testops: unknown profile 'online' (known: adversarial, offline)");
    assertThat(cli.files()).isEmpty();
  }

  @Test
  void simOfASuite_takesItsUsersProfileAndSeed_andExplicitOptionsWin() throws IOException {
    writeSuite("hardening", "  users: 12\n  profile: adversarial\n  seed: 99\n");

    assertThat(cli.run("sim", "--suite", "hardening", "--run-id", "h1", "--json")).isZero();
    JsonNode fromSuite = cli.file("snapshots/run-h1.json");
    assertThat(fromSuite.path("scale").path("users").asInt()).isEqualTo(12);
    assertThat(fromSuite.path("scale").path("suite").asString()).isEqualTo("hardening");
    assertThat(fromSuite.path("profile").path("name").asString()).isEqualTo("adversarial");
    assertThat(fromSuite.path("seed").asLong()).isEqualTo(99);
    assertThat(fromSuite.path("seed_source").asString()).isEqualTo("suite");

    cli.env.put("SIM_SEED", "5");
    assertThat(cli.run("sim", "--suite", "hardening", "--run-id", "h2")).isZero();
    assertThat(cli.file("snapshots/run-h2.json").path("seed_source").asString()).isEqualTo("env");

    assertThat(
            cli.run(
                "sim",
                "--suite",
                "hardening",
                "--run-id",
                "h3",
                "--users",
                "3",
                "--profile",
                "offline",
                "--seed",
                "1"))
        .isZero();
    JsonNode explicit = cli.file("snapshots/run-h3.json");
    assertThat(explicit.path("scale").path("users").asInt()).isEqualTo(3);
    assertThat(explicit.path("profile").path("name").asString()).isEqualTo("offline");
    assertThat(explicit.path("seed").asLong()).isEqualTo(1);
    assertThat(explicit.path("seed_source").asString()).isEqualTo("flag");
  }

  @Test
  void aBuiltInSuite_givesItsUsers() throws IOException {
    assertThat(cli.run("sim", "--suite", "smoke", "--run-id", "s1")).isZero();

    assertThat(cli.file("snapshots/run-s1.json").path("scale").path("users").asInt()).isEqualTo(50);
  }

  @Test
  void aSuiteSeed_reachesATestopsRunToo() throws IOException {
    writeSuite("seeded", "  users: 4\n  seed: 31\n");

    assertThat(cli.run("run", "--suite", "seeded")).isZero();

    JsonNode snapshot = cli.file(onlySnapshot());
    assertThat(snapshot.path("seed").asLong()).isEqualTo(31);
    assertThat(snapshot.path("seed_source").asString()).isEqualTo("suite");
  }

  private void writeSuite(String name, String dataset) throws IOException {
    Path suites = Files.createDirectories(home.resolve("config/suites"));
    Files.writeString(
        suites.resolve(name + ".yaml"),
        "name: "
            + name
            + "\ndescription: test\ndataset:\n"
            + dataset
            + "phases:\n  - phase: sim\n  - phase: replay\n");
  }

  private String onlySnapshot() throws IOException {
    try (Stream<Path> files = Files.list(home.resolve("snapshots"))) {
      return "snapshots/"
          + files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .findFirst()
              .orElseThrow();
    }
  }
}
