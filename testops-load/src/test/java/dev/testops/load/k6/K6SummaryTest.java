package dev.testops.load.k6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps both k6 summary shapes (fixtures in {@code src/test/resources/k6/}, see its README).
 *
 * <p>The mapped output of each fixture is also a golden file ({@code *.mapped.json}); to accept a
 * deliberate change, run the test with {@code -Dtestops.golden.update=true} and review the diff.
 */
class K6SummaryTest {
  static final Path FIXTURES = Path.of("src/test/resources/k6");
  private static final boolean UPDATE = Boolean.getBoolean("testops.golden.update");

  @Test
  void legacyExport_mapsMetricsWithExactRoundedNumbers() {
    K6Summary summary = K6Summary.read(FIXTURES.resolve("summary-export-legacy.json"));

    assertThat(summary.shape()).isEqualTo(K6Summary.Shape.LEGACY_EXPORT);
    JsonNode metrics = summary.toJson().get("metrics");
    assertThat(metrics.at("/http_reqs/count").longValue()).isEqualTo(5988);
    assertThat(decimal(metrics, "/http_reqs/rate")).isEqualTo("99.77947");
    assertThat(decimal(metrics, "/http_req_duration/avg")).isEqualTo("48.213375");
    // 41.6905455 is stored as a binary double just below the half, so it rounds down.
    assertThat(decimal(metrics, "/http_req_duration/med")).isEqualTo("41.690545");
    assertThat(decimal(metrics, "/http_req_duration/p(90)")).isEqualTo("88.514466");
    assertThat(decimal(metrics, "/http_req_duration/p(95)")).isEqualTo("121.408253");
    assertThat(decimal(metrics, "/http_req_duration/p(99)")).isEqualTo("612.210732");
    assertThat(metrics.at("/http_req_failed/passes").longValue()).isEqualTo(4);
    assertThat(metrics.at("/http_req_failed/fails").longValue()).isEqualTo(5984);
    assertThat(decimal(metrics, "/http_req_failed/value")).isEqualTo("0.000668");
    assertThat(metrics.at("/dropped_iterations/count").longValue()).isEqualTo(12);
    assertThat(decimal(metrics, "/dropped_iterations/rate")).isEqualTo("0.199959");
    assertThat(metrics.at("/vus_max/max").longValue()).isEqualTo(64);
    assertThat(decimal(metrics, "/checks/value")).isEqualTo("0.999332");
    // Legacy booleans are kept as k6 writes them: true = failed.
    assertThat(metrics.at("/http_req_duration/thresholds/p(99)<250").booleanValue()).isTrue();
    assertThat(metrics.at("/http_req_duration/thresholds/p(95)<500").booleanValue()).isFalse();
    // Metrics outside the core set without thresholds are left out.
    assertThat(metrics.has("data_sent")).isFalse();
    assertThat(metrics.has("http_req_duration{expected_response:true}")).isFalse();
  }

  @Test
  void legacyExport_trueThresholdIsAFailure() {
    K6Summary summary = K6Summary.read(FIXTURES.resolve("summary-export-legacy.json"));

    assertThat(summary.thresholds())
        .containsExactly(
            new K6ThresholdResult("checks", "rate>0.99", true),
            new K6ThresholdResult("http_req_duration", "p(95)<500", true),
            new K6ThresholdResult("http_req_duration", "p(99)<250", false),
            new K6ThresholdResult("http_req_failed", "rate<0.01", true));
    assertThat(summary.thresholdsPassed()).isFalse();
    assertThat(CanonicalJson.line(summary.thresholdsJson()))
        .contains("{\"expression\":\"p(99)<250\",\"metric\":\"http_req_duration\",\"ok\":false}");
  }

  @Test
  void handleSummaryData_mapsToTheLegacyShape() {
    K6Summary summary = K6Summary.read(FIXTURES.resolve("handle-summary-data.json"));

    assertThat(summary.shape()).isEqualTo(K6Summary.Shape.HANDLE_SUMMARY);
    JsonNode metrics = summary.toJson().get("metrics");
    assertThat(metrics.at("/http_reqs/count").longValue()).isEqualTo(6000);
    assertThat(decimal(metrics, "/http_reqs/rate")).isEqualTo("99.979429");
    // A Rate's "rate" becomes "value", as in k6's own legacy export.
    assertThat(decimal(metrics, "/http_req_failed/value")).isEqualTo("0.0125");
    assertThat(metrics.at("/http_req_failed").has("rate")).isFalse();
    assertThat(metrics.at("/http_req_failed/passes").longValue()).isEqualTo(75);
    assertThat(decimal(metrics, "/checks/value")).isEqualTo("0.9875");
    assertThat(decimal(metrics, "/http_req_duration/med")).isEqualTo("17.046086");
    assertThat(decimal(metrics, "/http_req_duration/p(99)")).isEqualTo("160.481555");
    assertThat(metrics.at("/vus_max/value").longValue()).isEqualTo(50);
    assertThat(metrics.at("/http_req_duration").has("type")).isFalse();
    // {"ok": false} becomes the legacy true (failed).
    assertThat(metrics.at("/http_req_failed/thresholds/rate<0.01").booleanValue()).isTrue();
    // A sub-metric that carries a threshold is kept.
    assertThat(decimal(metrics, "/http_req_duration{expected_response:true}/max"))
        .isEqualTo("402.713009");
    assertThat(metrics.has("iteration_duration")).isFalse();
  }

  @Test
  void handleSummaryData_okIsThePassResult() {
    K6Summary summary = K6Summary.read(FIXTURES.resolve("handle-summary-data.json"));

    assertThat(summary.thresholds())
        .containsExactly(
            new K6ThresholdResult("http_req_duration", "p(95)<500", true),
            new K6ThresholdResult("http_req_duration", "p(99)<1000", true),
            new K6ThresholdResult("http_req_duration{expected_response:true}", "max<2000", true),
            new K6ThresholdResult("http_req_failed", "rate<0.01", false));
    assertThat(summary.thresholdsPassed()).isFalse();
  }

  @Test
  void missingDroppedIterations_isWrittenAsZero() {
    K6Summary summary = K6Summary.read(FIXTURES.resolve("summary-export-legacy-passed.json"));
    JsonNode metrics = summary.toJson().get("metrics");

    assertThat(metrics.at("/dropped_iterations/count").longValue()).isZero();
    assertThat(metrics.at("/dropped_iterations/rate").longValue()).isZero();
    assertThat(metrics.at("/checks/value").isIntegralNumber()).isTrue();
    assertThat(summary.thresholdsPassed()).isTrue();
  }

  @Test
  void bothFixtures_matchTheirGoldenFiles() throws IOException {
    for (String name :
        new String[] {
          "summary-export-legacy", "summary-export-legacy-passed", "handle-summary-data"
        }) {
      K6Summary summary = K6Summary.read(FIXTURES.resolve(name + ".json"));
      ObjectNode mapped = summary.toJson();
      mapped.set("thresholds", summary.thresholdsJson());
      String actual = new String(CanonicalJson.pretty(mapped), StandardCharsets.UTF_8);
      Path golden = FIXTURES.resolve(name + ".mapped.json");
      if (UPDATE) {
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
      }
      assertThat(actual).as(name).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
  }

  @Test
  void notASummary_isCorrupt() {
    byte[] json = "{\"root_group\":{}}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> K6Summary.parse(json, "k6 summary x.json"))
        .isInstanceOf(TestOpsException.CorruptArtifact.class)
        .hasMessage("k6 summary x.json has no \"metrics\" object, so it is not a k6 summary");
  }

  @Test
  void thresholdWithoutAResult_isCorrupt() {
    byte[] json =
        "{\"metrics\":{\"http_reqs\":{\"count\":1,\"thresholds\":{\"count>0\":\"yes\"}}}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> K6Summary.parse(json, "k6 summary y.json"))
        .isInstanceOf(TestOpsException.CorruptArtifact.class)
        .hasMessage(
            "k6 summary y.json: metric \"http_reqs\" threshold \"count>0\" has no pass/fail result");
  }

  private static String decimal(JsonNode metrics, String pointer) {
    JsonNode node = metrics.at(pointer);
    assertThat(node.isMissingNode()).as(pointer).isFalse();
    return new BigDecimal(node.decimalValue().toString()).toPlainString();
  }
}
