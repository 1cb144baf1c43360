package dev.testops.core.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.canonical.CanonicalJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The load section of a report says what the model measured, and nothing it did not. */
class ReportPageLoadTest {
  private final ReportPage page = new ReportPage("");

  @Test
  void openModel_showsOfferedAndAchievedRates() {
    String html = page.render(report("\"offered_rate\": 3000, \"achieved_rate\": 2998.5"), "../");

    assertThat(html).contains("offered 3000/s, achieved 2998.5/s");
    assertThat(html).doesNotContain("no offered rate");
  }

  @Test
  void closedModel_hasNoOfferedRate_andSaysSo() {
    String html = page.render(report("\"achieved_rate\": 4100.25"), "../");

    assertThat(html).contains("closed model: 64 VUs at most, no offered rate");
    assertThat(html).doesNotContain("offered -/s").doesNotContain("offered /s");
  }

  @Test
  void warmUp_isShownApartFromTheFigures() {
    String html =
        page.render(
            report(
                "\"offered_rate\": 3000, \"achieved_rate\": 3000,"
                    + " \"warmup\": {\"duration_s\": 10, \"rate\": 3000, \"requests\": 29874,"
                    + " \"http_req_duration\": {\"p(99)\": 1897.47}}"),
            "../");

    assertThat(html)
        .contains("10 s at 3000/s before the measured window: 29874 requests, p99 1897.47 ms")
        .contains("kept apart");
  }

  @Test
  void withoutAWarmUp_theReportSaysTheColdStartIsIncluded() {
    String html = page.render(report("\"offered_rate\": 3000, \"achieved_rate\": 3000"), "../");

    assertThat(html).contains("none: the figures include the cold start");
  }

  @Test
  void aSaturatedGenerator_isNamed_andItsLatencyThresholdsAreInconclusive_notFailed() {
    String html =
        page.render(
            report(
                "\"offered_rate\": 3000, \"achieved_rate\": 2400,"
                    + " \"generator_saturated\": true,"
                    + " \"generator\": {\"reasons\": [\"dispatch lag p99 25 ms > 10 ms\"],"
                    + " \"dispatch_lag_p99_ms\": 25, \"busiest_loop_cpu\": 0.97,"
                    + " \"process_cpu\": 0.95},"
                    + " \"threshold_results\": ["
                    + "{\"metric\": \"http_req_duration\", \"expression\": \"p(99)<50\","
                    + " \"result\": \"inconclusive\"},"
                    + "{\"metric\": \"http_req_failed\", \"expression\": \"rate<0.01\","
                    + " \"result\": \"passed\"}]"),
            "../");

    assertThat(html)
        .contains("saturated: the generator, not the target, was the bottleneck")
        .contains("dispatch lag p99 25 ms &gt; 10 ms")
        .contains("<td class=\"mono\">p(99)&lt;50</td><td><span class=\"warn\">inconclusive</span>")
        .contains("<td class=\"mono\">rate&lt;0.01</td><td><span class=\"ok\">passed</span>");
  }

  @Test
  void aGeneratorThatWasNotTheBottleneck_saysSoWithItsEvidence() {
    String html =
        page.render(
            report(
                "\"offered_rate\": 3000, \"achieved_rate\": 3000,"
                    + " \"generator_saturated\": false,"
                    + " \"generator\": {\"reasons\": [], \"dispatch_lag_p99_ms\": 7.2,"
                    + " \"busiest_loop_cpu\": 0.16, \"process_cpu\": 0.2}"),
            "../");

    assertThat(html)
        .contains("not the bottleneck (dispatch lag p99 7.2 ms")
        .doesNotContain("saturated:");
  }

  private static JsonNode report(String rates) {
    String json =
        """
        {"run_id": "r1", "schema_version": 1,
         "verdict": {"status": "passed", "gate": "go"},
         "run": {"suite": "load"},
         "load": {"scenario": {"name": "s", "executor": "constant-vus"}, "passed": true,
                  %s,
                  "metrics": {"http_reqs": {"count": 41002, "rate": 4100.25},
                              "vus_max": {"max": 64},
                              "http_req_failed": {"value": 0}}}}
        """
            .formatted(rates);
    return CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8), "report");
  }
}
