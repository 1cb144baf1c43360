package dev.testops.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.TestOpsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimConfigLoaderTest {
  @TempDir Path home;

  @Test
  void builtInConfig_hasTheTenThousandUserCeilingAndTheOfflineProfile() {
    SimConfig config = SimConfigLoader.builtIn();

    assertThat(config.maxUsers()).isEqualTo(10_000);
    assertThat(config.defaultProfile()).isEqualTo("offline");
    assertThat(config.profile(Optional.empty()).turnsPerUser()).isEqualTo(5);
    assertThat(config.defaultSeed()).isEmpty();
    assertThat(config.maxInFlight()).isEqualTo(10_000);
  }

  @Test
  void maxInFlight_defaultsWhenAbsent_andIsBoundedWhenGiven() throws Exception {
    String rest =
        """
        defaults: {users: 10, profile: tiny, suite: smoke}
        profiles:
          tiny:
            turns_per_user: 2
            persona_mix: {casual: 1.0}
            arrival_window_seconds: 10
            mean_think_time_millis: 0
        """;
    write("max_users: 500\n" + rest);
    assertThat(SimConfigLoader.load(home).maxInFlight()).isEqualTo(10_000);

    write("max_users: 500\nmax_in_flight: 64\n" + rest);
    assertThat(SimConfigLoader.load(home).maxInFlight()).isEqualTo(64);

    write("max_users: 500\nmax_in_flight: 0\n" + rest);
    assertThatThrownBy(() -> SimConfigLoader.load(home))
        .isInstanceOf(TestOpsException.InvalidInput.class)
        .hasMessageContaining("max_in_flight must be in [1, 10000], was 0");
  }

  @Test
  void builtInConfig_isTheRepositoryConfigFile() throws Exception {
    Path repoFile = Path.of("../config/sim_config.yaml");
    SimConfig fromRepo = SimConfigLoader.parse(Files.readAllBytes(repoFile), repoFile.toString());

    assertThat(fromRepo).isEqualTo(SimConfigLoader.builtIn());
  }

  @Test
  void usersOverTheCeiling_areRefused_namingTheCeiling() {
    SimConfig config = SimConfigLoader.builtIn();

    assertThatThrownBy(() -> config.checkUsers(10_001))
        .isInstanceOf(TestOpsException.CeilingExceeded.class)
        .hasMessageContaining("ceiling of 10000 users");
  }

  @Test
  void malformedYaml_isRefused_namingTheFile() throws Exception {
    write("max_users: [10000\n");

    assertThatThrownBy(() -> SimConfigLoader.load(home))
        .isInstanceOf(TestOpsException.InvalidInput.class)
        .hasMessageContaining("sim_config.yaml is not valid YAML");
  }

  @Test
  void everyViolation_isReported_withItsFieldAndBound() throws Exception {
    write(
        """
        max_users: 20000
        defaults:
          users: 0
          profile: offline
          suite: smoke
        profiles:
          offline:
            turns_per_user: 99
            persona_mix: {casual: 0.5, analyst: 0.2}
            arrival_window_seconds: 600
            mean_think_time_millis: 4000
        """);

    assertThatThrownBy(() -> SimConfigLoader.load(home))
        .isInstanceOf(TestOpsException.InvalidInput.class)
        .hasMessageContaining("max_users must be in [1, 10000], was 20000")
        .hasMessageContaining("users must be in [1, 10000], was 0")
        .hasMessageContaining("turns_per_user must be in [1, 50], was 99")
        .hasMessageContaining("persona_mix must sum to 1");
  }

  @Test
  void homeConfig_overridesTheBuiltInOne() throws Exception {
    write(
        """
        max_users: 500
        defaults: {users: 100, profile: tiny, suite: smoke, seed: 42}
        profiles:
          tiny:
            turns_per_user: 2
            persona_mix: {casual: 1.0}
            arrival_window_seconds: 10
            mean_think_time_millis: 0
        """);

    SimConfig config = SimConfigLoader.load(home);

    assertThat(config.maxUsers()).isEqualTo(500);
    assertThat(config.defaultSeed()).hasValue(42);
    assertThatThrownBy(() -> config.checkUsers(501)).hasMessageContaining("ceiling of 500 users");
    assertThatThrownBy(() -> config.profile(Optional.of("offline")))
        .isInstanceOf(TestOpsException.InvalidInput.class)
        .hasMessageContaining("known: tiny");
  }

  private void write(String yaml) throws Exception {
    Path file = home.resolve(SimConfigLoader.RELATIVE_PATH);
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
  }
}
