package dev.testops.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.TestOpsException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  @Test
  void theBuiltInFileHasTheSeedScenariosAndTheOpenDefault() {
    var scenarios = ScenarioLoader.builtIn();

    assertThat(scenarios.scenarios()).containsKeys("smoke", "open", "baseline", "peak");
    Scenario open = scenarios.scenario(Optional.empty());
    assertThat(open.name()).isEqualTo("open");
    assertThat(open.executor().open()).isTrue();
    assertThat(scenarios.scenario(Optional.of("baseline")).vus()).isEqualTo(1_500);
    assertThat(scenarios.scenario(Optional.of("peak")).peakVus()).isEqualTo(10_000);
    Scenario smoke = scenarios.scenario(Optional.of("smoke"));
    assertThat(smoke.ratePerSecond()).isEqualTo(20);
    assertThat(smoke.totalDurationMillis()).isEqualTo(5_000);
    assertThat(smoke.thresholds()).containsEntry("http_req_failed", List.of("rate<0.01"));
  }

  @Test
  void overTheCeilingIsRefusedNamingIt() {
    assertThatThrownBy(() -> Scenario.constantArrivalRate("big", 10, 1_000, 10, 10_001))
        .isInstanceOf(TestOpsException.CeilingExceeded.class)
        .hasMessageContaining("10,001 VUs exceed the ceiling of 10,000 VUs");
    assertThatThrownBy(() -> Scenario.constantVus("big", 12_000, 1_000))
        .isInstanceOf(TestOpsException.CeilingExceeded.class);
    String yaml =
        "scenarios:\n  up:\n    executor: ramping-vus\n    stages:\n"
            + "      - {duration: 10s, target: 10001}\n";
    assertThatThrownBy(
            () -> ScenarioLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml"))
        .isInstanceOf(TestOpsException.CeilingExceeded.class)
        .hasMessageContaining("test.yaml")
        .hasMessageContaining("ceiling of 10,000");
    assertThat(Scenario.constantVus("max", 10_000, 1_000).peakVus()).isEqualTo(10_000);
  }

  @Test
  void everyViolationIsListed() {
    assertThatThrownBy(
            () ->
                new Scenario(
                    "bad",
                    Executor.CONSTANT_ARRIVAL_RATE,
                    0,
                    0,
                    List.of(),
                    0,
                    0,
                    0,
                    0,
                    -1,
                    -5,
                    0,
                    0,
                    Map.of("http_req_duration", List.of("p95 < 500")),
                    -1))
        .isInstanceOf(TestOpsException.InvalidInput.class)
        .hasMessageContaining("duration must be > 0")
        .hasMessageContaining("rate must be > 0")
        .hasMessageContaining("preAllocatedVUs must be >= 1")
        .hasMessageContaining("maxWait must be >= 0")
        .hasMessageContaining("timeout must be > 0")
        .hasMessageContaining("warmup must be >= 0")
        .hasMessageContaining("'p95 < 500' on http_req_duration is not k6 syntax");
  }

  @Test
  void k6DurationsParse() {
    assertThat(ScenarioLoader.millis("1m30s")).isEqualTo(90_000);
    assertThat(ScenarioLoader.millis("500ms")).isEqualTo(500);
    assertThat(ScenarioLoader.millis("2h")).isEqualTo(7_200_000);
    assertThatThrownBy(() -> ScenarioLoader.millis("5 minutes"))
        .hasMessageContaining("like 500ms, 30s");
  }

  @Test
  void rampingVuTargetsInterpolate() {
    Scenario peak = ScenarioLoader.builtIn().scenario(Optional.of("peak"));
    assertThat(VuStages.target(peak, 0)).isEqualTo(1_500);
    assertThat(VuStages.target(peak, 120)).isEqualTo(5_750);
    assertThat(VuStages.target(peak, 200)).isEqualTo(10_000);
    assertThat(VuStages.target(peak, 330)).isEqualTo(0);
  }
}
