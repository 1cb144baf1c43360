package dev.testops.core.report.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The view of a report's load section: the figures, the warm-up, the generator, the thresholds. */
final class LoadSection {
  private LoadSection() {}

  /** The section's view, or {@code null} when the run had no load test. */
  static Map<String, Object> view(JsonNode load) {
    if (load.isMissingNode() || load.isNull()) {
      return null;
    }
    JsonNode metrics = load.path("metrics");
    JsonNode duration = metrics.path("http_req_duration");
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("scenario", ReportPage.text(load.path("scenario").path("name")));
    view.put("executor", ReportPage.text(load.path("scenario").path("executor")));
    view.put(
        "target",
        ReportPage.text(
            load.has("target") ? load.path("target") : load.path("scenario").path("target")));
    view.put("passed", load.path("passed").asBoolean());
    view.put("requests", ReportPage.text(metrics.path("http_reqs").path("count")));
    view.put("rate", ReportPage.text(metrics.path("http_reqs").path("rate")));
    // A closed model (VUs) has no offered rate: only what it achieved.
    view.put("openModel", load.has("offered_rate"));
    view.put("offered", ReportPage.text(load.path("offered_rate")));
    view.put("achieved", ReportPage.text(load.path("achieved_rate")));
    view.put("failedRate", ReportPage.percent(metrics.path("http_req_failed").path("value")));
    view.put("dropped", ReportPage.text(metrics.path("dropped_iterations").path("count")));
    view.put("vusMax", ReportPage.text(metrics.path("vus_max").path("max")));
    for (String p : List.of("med", "p(90)", "p(95)", "p(99)", "max")) {
      view.put("d_" + p.replaceAll("[()]", ""), ReportPage.text(duration.path(p)));
    }
    view.put("lagP99", ReportPage.text(load.path("schedule_lag").path("p(99)")));
    List<Map<String, Object>> thresholds = new ArrayList<>();
    if (load.has("threshold_results")) {
      // Each threshold as judged: passed, failed, or inconclusive (not judged: the generator
      // itself was the bottleneck).
      for (JsonNode t : load.path("threshold_results")) {
        String result = t.path("result").asString();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("metric", ReportPage.text(t.path("metric")));
        row.put("expression", ReportPage.text(t.path("expression")));
        row.put("ok", result.equals("passed"));
        row.put("inconclusive", result.equals("inconclusive"));
        thresholds.add(row);
      }
    } else {
      metrics
          .properties()
          .forEach(
              metric ->
                  metric
                      .getValue()
                      .path("thresholds")
                      .properties()
                      .forEach(
                          t -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("metric", metric.getKey());
                            row.put("expression", t.getKey());
                            // k6's summary export: true means the threshold failed.
                            row.put("ok", !t.getValue().asBoolean());
                            row.put("inconclusive", false);
                            thresholds.add(row);
                          }));
    }
    view.put("warmup", warmup(load.path("warmup")));
    view.put("generator", generator(load));
    view.put("thresholds", thresholds);
    view.put("hasThresholds", !thresholds.isEmpty());
    List<Map<String, Object>> errors = new ArrayList<>();
    load.path("errors")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().asLong() > 0) {
                errors.add(Map.of("kind", e.getKey(), "count", ReportPage.text(e.getValue())));
              }
            });
    view.put("errors", errors);
    view.put("hasErrors", !errors.isEmpty());
    return view;
  }

  /** The warm-up, kept apart from the figures: what it sent and measured, or null. */
  private static Map<String, Object> warmup(JsonNode warmup) {
    if (!warmup.isObject()) {
      return null;
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("duration", ReportPage.text(warmup.path("duration_s")));
    view.put(
        "shape",
        warmup.has("rate")
            ? "at " + ReportPage.text(warmup.path("rate")) + "/s"
            : "with " + ReportPage.text(warmup.path("vus")) + " VUs");
    view.put("requests", ReportPage.text(warmup.path("requests")));
    view.put("p99", ReportPage.text(warmup.path("http_req_duration").path("p(99)")));
    return view;
  }

  /** Whether the load generator judged itself the bottleneck, and why; null when not checked. */
  private static Map<String, Object> generator(JsonNode load) {
    JsonNode generator = load.path("generator");
    if (!generator.isObject()) {
      return null;
    }
    Map<String, Object> view = new LinkedHashMap<>();
    boolean saturated = load.path("generator_saturated").asBoolean();
    view.put("saturated", saturated);
    List<String> reasons = new ArrayList<>();
    generator.path("reasons").forEach(r -> reasons.add(r.asString()));
    view.put("reasons", String.join("; ", reasons));
    view.put("lagP99", ReportPage.text(generator.path("dispatch_lag_p99_ms")));
    view.put("loopCpu", ReportPage.percent(generator.path("busiest_loop_cpu")));
    view.put("processCpu", ReportPage.percent(generator.path("process_cpu")));
    return view;
  }
}
