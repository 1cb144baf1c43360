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
