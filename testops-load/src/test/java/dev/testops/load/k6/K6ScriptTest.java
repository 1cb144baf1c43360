package dev.testops.load.k6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The k6 script's options and default function, read back out of the rendered text. */
class K6ScriptTest {

  /** Extracts and parses {@code export const options = <json>;} from a script. */
  static JsonNode optionsOf(String script) {
    int start = script.indexOf(K6Script.OPTIONS_PREFIX);
    assertThat(start).as("options declaration").isNotNegative();
    start += K6Script.OPTIONS_PREFIX.length();
    int end = script.indexOf("\n};", start) + 2;
    return CanonicalJson.parse(
        script.substring(start, end).getBytes(StandardCharsets.UTF_8), "k6 options");
  }

  @Test
  void constantArrivalRate_writesRateTimeUnitDurationAndVuPool() {
    JsonNode options = optionsOf(K6Script.render(K6Specs.constantArrivalRate()));

    assertThat(options.at("/scenarios").size()).isEqualTo(1);
    JsonNode scenario = options.at("/scenarios/mock");
    assertThat(CanonicalJson.line(scenario))
        .isEqualTo(
            "{\"duration\":\"30s\",\"executor\":\"constant-arrival-rate\",\"maxVUs\":200,"
                + "\"preAllocatedVUs\":20,\"rate\":100,\"timeUnit\":\"1s\"}");
  }

  @Test
  void rampingArrivalRate_writesStartRateAndStages() {
    JsonNode scenario =
        optionsOf(K6Script.render(K6Specs.rampingArrivalRate())).at("/scenarios/mock");

    assertThat(CanonicalJson.line(scenario))
        .isEqualTo(
            "{\"executor\":\"ramping-arrival-rate\",\"maxVUs\":50,\"preAllocatedVUs\":5,"
                + "\"stages\":[{\"duration\":\"10s\",\"target\":50},"
                + "{\"duration\":\"1500ms\",\"target\":0}],"
                + "\"startRate\":10,\"timeUnit\":\"500ms\"}");
  }

  @Test
  void constantVus_writesVusDurationAndThinkTime() {
    String script = K6Script.render(K6Specs.constantVus());

    assertThat(CanonicalJson.line(optionsOf(script).at("/scenarios/mock")))
        .isEqualTo("{\"duration\":\"60s\",\"executor\":\"constant-vus\",\"vus\":1500}");
    assertThat(script).contains("const THINK_SECONDS = 0.25;");
    assertThat(optionsOf(script).at("/thresholds").isEmpty()).isTrue();
  }

  @Test
  void rampingVus_writesStartVusAndStages() {
    String script = K6Script.render(K6Specs.rampingVus());

    assertThat(CanonicalJson.line(optionsOf(script).at("/scenarios/mock")))
        .isEqualTo(
            "{\"executor\":\"ramping-vus\",\"stages\":[{\"duration\":\"30s\",\"target\":1500},"
                + "{\"duration\":\"120s\",\"target\":10000}],\"startVUs\":1500}");
    assertThat(script).contains("const THINK_SECONDS = 1;");
  }

  @Test
  void thresholdsAndTrendStats_areInTheOptions() {
    JsonNode options = optionsOf(K6Script.render(K6Specs.constantArrivalRate()));

    assertThat(CanonicalJson.line(options.at("/thresholds")))
        .isEqualTo(
            "{\"checks\":[\"rate>0.99\"],\"http_req_duration\":[\"p(95)<500\",\"p(99)<1000\"],"
                + "\"http_req_failed\":[\"rate<0.01\"]}");
    assertThat(CanonicalJson.line(options.at("/summaryTrendStats")))
        .isEqualTo("[\"avg\",\"min\",\"med\",\"max\",\"p(90)\",\"p(95)\",\"p(99)\"]");
  }

  @Test
  void defaultFunction_postsTurnsOfItsVusUserAndChecksStatus() {
    String script = K6Script.render(K6Specs.constantArrivalRate());

    assertThat(script)
        .contains("import http from 'k6/http';")
        .contains("const TARGET = \"http://127.0.0.1:8089/process\";")
        .contains("const SEED = \"-6312423486519237771\";")
        .contains(
            "const USERS = [{\"turns\":[\"the deadline is monday.\",\"is it friday?\"],"
                + "\"user_id\":\"user-00001\"},{\"turns\":[\"say \\\"hi\\\" — twice\\n\"],"
                + "\"user_id\":\"user-00002\"}];")
        .contains("const user = USERS[(__VU - 1) % USERS.length];")
        .contains("const index = __ITER % user.turns.length;")
        .contains("http.post(TARGET, body, PARAMS)")
        .contains("check(res, { 'status is 200': (r) => r.status === 200 });")
        // The open model never sleeps: think time would cut the arrival rate.
        .contains("const THINK_SECONDS = 0;");
  }

  @Test
  void render_isDeterministic() {
    assertThat(K6Script.render(K6Specs.rampingVus()))
        .isEqualTo(K6Script.render(K6Specs.rampingVus()));
  }

  @Test
  void invalidSpec_reportsEveryViolation() {
    assertThatThrownBy(
            () ->
                new K6ScenarioSpec(
                    K6ScenarioSpec.Executor.CONSTANT_ARRIVAL_RATE,
                    0,
                    Duration.ZERO,
                    null,
                    0,
                    10,
                    5,
                    List.of(),
                    Map.of(),
                    URI.create("ftp://example/"),
                    null,
                    1,
                    List.of()))
        .isInstanceOf(TestOpsException.InvalidInput.class)
        .hasMessage(
            "invalid k6 scenario: rate must be >= 1, got 0; timeUnit must be at least 1 ms, got"
                + " PT0S; maxVUs must be >= preAllocatedVUs (10), got 5; duration must be at"
                + " least 1 ms, got null; target must be an absolute http(s) URL, got"
                + " ftp://example/; users must not be empty");
  }
}
