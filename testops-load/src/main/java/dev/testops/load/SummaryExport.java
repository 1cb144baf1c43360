package dev.testops.load;

import dev.testops.core.canonical.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a {@link LoadResult} as k6's legacy {@code --summary-export} JSON: counters {@code
 * {count, rate}}, trends {@code {avg, min, med, max, p(90), p(95), p(99)}} in milliseconds, rates
 * {@code {passes, fails, value}} (for {@code http_req_failed} a "pass" is a failed request, as in
 * k6), gauges {@code {value, min, max}}, and per metric {@code thresholds: {expression: failed}}
 * where, as in k6's legacy export, {@code true} means the threshold FAILED (an inconclusive one is
 * left out there: it neither failed nor passed). TestOps adds {@code offered_rate} (open model
 * only: the closed model offers no arrivals), {@code achieved_rate}, {@code service_time}, {@code
 * schedule_lag}, {@code errors}, {@code series}, {@code threshold_results} (each {@code passed},
 * {@code failed} or {@code inconclusive}), {@code generator_saturated} and {@code generator} (the
 * evidence and bounds, {@link GeneratorCheck}), {@code warmup} (what the warm-up sent and measured,
 * kept apart; absent when there was none), {@code cancelled}, {@code verdict}, {@code passed},
 * {@code failures} and {@code inconclusive}.
 */
final class SummaryExport {
  private static final List<String> TREND = List.of("avg", "min", "med", "max", "p(90)", "p(95)");

  private SummaryExport() {}

  static ObjectNode render(LoadResult r) {
    ObjectNode root = CanonicalJson.object();
    ObjectNode metrics = root.putObject("metrics");
    Reporter.Totals t = r.totals();
    counter(metrics.putObject("http_reqs"), t.requests(), r.durationSeconds());
    if (t.latency().getTotalCount() > 0) {
      trend(metrics.putObject("http_req_duration"), t.latency());
    }
    if (t.requests() > 0) {
      rate(metrics.putObject("http_req_failed"), t.failed(), t.requests());
      rate(metrics.putObject("checks"), t.checksPassed(), t.requests());
    }
    counter(metrics.putObject("iterations"), t.requests(), r.durationSeconds());
    counter(metrics.putObject("dropped_iterations"), r.dropped(), r.durationSeconds());
    ObjectNode vusMax = metrics.putObject("vus_max");
    vusMax.put("value", r.maxVus());
    vusMax.put("min", r.initialVus());
    vusMax.put("max", r.maxVus());
    for (Threshold.Outcome outcome : r.thresholds()) {
      String metric = outcome.threshold().metric();
      ObjectNode node =
          metrics.has(metric) ? (ObjectNode) metrics.get(metric) : metrics.putObject(metric);
      ObjectNode thresholds =
          node.has("thresholds")
              ? (ObjectNode) node.get("thresholds")
              : node.putObject("thresholds");
      if (!outcome.inconclusive()) {
        thresholds.put(outcome.threshold().expression(), !outcome.passed());
      }
    }
    root.set("root_group", rootGroup(t));
    if (r.scenario().executor().open()) {
      root.put("offered_rate", CanonicalJson.decimal(r.offeredRate()));
    }
    root.put("achieved_rate", CanonicalJson.decimal(r.achievedRate()));
    trend(root.putObject("service_time"), t.service());
    trend(root.putObject("schedule_lag"), t.lag());
    ObjectNode errors = root.putObject("errors");
    t.errors().forEach((kind, count) -> errors.put(kind.label(), count));
    var series = root.putArray("series");
    for (SecondStats s : t.series()) {
      series.add(second(s));
    }
    ObjectNode scenario = root.putObject("scenario");
    scenario.put("name", r.scenario().name());
    scenario.put("executor", r.scenario().executor().k6Name());
    scenario.put("target", r.target());
    if (r.scenario().executor().open()) {
      scenario.put("offered", r.offered());
    } else {
      scenario.put("vus_started", r.offered());
    }
    scenario.put("warmup_s", CanonicalJson.decimal(r.scenario().warmupMillis() / 1000.0));
    var results = root.putArray("threshold_results");
    for (Threshold.Outcome outcome : r.thresholds()) {
      ObjectNode result = results.addObject();
      result.put("metric", outcome.threshold().metric());
      result.put("expression", outcome.threshold().expression());
      result.put("result", outcome.result());
      if (outcome.observed().isPresent()) {
        result.put("observed", CanonicalJson.decimal(outcome.observed().getAsDouble()));
      }
    }
    root.put("generator_saturated", r.generator().saturated());
    root.set("generator", generator(r.generator()));
    if (r.warmup() != null) {
      root.set("warmup", warmup(r.warmup()));
    }
    root.put("cancelled", r.cancelled());
    root.put("verdict", r.verdict());
    root.put("passed", r.passed());
    var failures = root.putArray("failures");
    r.failures().forEach(failures::add);
    var inconclusive = root.putArray("inconclusive");
    r.inconclusive().forEach(inconclusive::add);
    return root;
  }

  /** The generator's self-check: the evidence, the bounds and why it counts as saturated. */
  private static ObjectNode generator(GeneratorCheck g) {
    ObjectNode node = CanonicalJson.object();
    node.put("saturated", g.saturated());
    node.put("dispatch_lag_p99_ms", CanonicalJson.decimal(g.dispatchLagP99Millis()));
    if (g.busiestLoopCpu() >= 0) {
      node.put("busiest_loop_cpu", CanonicalJson.decimal(g.busiestLoopCpu()));
    }
    if (g.processCpu() >= 0) {
      node.put("process_cpu", CanonicalJson.decimal(g.processCpu()));
    }
    node.put("cores", g.cores());
    ObjectNode bounds = node.putObject("bounds");
    bounds.put("dispatch_lag_p99_ms", CanonicalJson.decimal(GeneratorCheck.MAX_LAG_P99_MILLIS));
    bounds.put("busiest_loop_cpu", CanonicalJson.decimal(GeneratorCheck.MAX_LOOP_CPU));
    bounds.put("process_cpu", CanonicalJson.decimal(GeneratorCheck.MAX_PROCESS_CPU));
    var reasons = node.putArray("reasons");
    g.reasons().forEach(reasons::add);
    return node;
  }

  /** The warm-up: its schedule, what it sent and what it measured, apart from the metrics. */
  private static ObjectNode warmup(LoadResult.Warmup w) {
    ObjectNode node = CanonicalJson.object();
    Reporter.Totals t = w.totals();
    node.put("duration_s", CanonicalJson.decimal(w.durationSeconds()));
    if (w.ratePerSecond() > 0) {
      node.put("rate", CanonicalJson.decimal(w.ratePerSecond()));
      node.put("offered", w.offered());
      node.put("dropped_iterations", w.dropped());
    } else {
      node.put("vus", w.vus());
    }
    node.put("requests", t.requests());
    node.put("failed", t.failed());
    trend(node.putObject("http_req_duration"), t.latency());
    trend(node.putObject("schedule_lag"), t.lag());
    ObjectNode errors = node.putObject("errors");
    t.errors().forEach((kind, count) -> errors.put(kind.label(), count));
    return node;
  }

  private static void counter(ObjectNode node, long count, double seconds) {
    node.put("count", count);
    node.put("rate", CanonicalJson.decimal(count / seconds));
  }

  private static void rate(ObjectNode node, long trues, long all) {
    node.put("passes", trues);
    node.put("fails", all - trues);
    node.put("value", CanonicalJson.ratio(trues, all));
  }

  private static void trend(ObjectNode node, Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return;
    }
    for (String aggregation : TREND) {
      node.put(aggregation, CanonicalJson.decimal(LoadResult.trend(micros, aggregation).orElse(0)));
    }
    node.put("p(99)", CanonicalJson.decimal(LoadResult.trend(micros, "p(99)").orElse(0)));
  }

  private static java.math.BigDecimal ms(long micros) {
    return CanonicalJson.decimal(micros / 1000.0);
  }

  /** k6's root group: no sub-groups, the one check, ids the MD5 of the group/check path. */
  private static ObjectNode rootGroup(Reporter.Totals t) {
    ObjectNode group = CanonicalJson.object();
    group.put("name", "");
    group.put("path", "");
    group.put("id", md5(""));
    group.putObject("groups");
    ObjectNode check = group.putObject("checks").putObject(LoadResult.CHECK);
    String path = "::" + LoadResult.CHECK;
    check.put("name", LoadResult.CHECK);
    check.put("path", path);
    check.put("id", md5(path));
    check.put("passes", t.checksPassed());
    check.put("fails", t.checksFailed());
    return group;
  }

  private static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  /** One second of the series as in {@code series[]}: also the live {@code load-second} metric. */
  static ObjectNode second(SecondStats s) {
    ObjectNode second = CanonicalJson.object();
    second.put("second", s.second());
    second.put("requests", s.requests());
    second.put("rate", s.requests());
    second.put("vus", s.vus());
    ObjectNode secondErrors = second.putObject("errors");
    s.errors().forEach((kind, count) -> secondErrors.put(kind.label(), count));
    second.put("p50", ms(s.p50Micros()));
    second.put("p90", ms(s.p90Micros()));
    second.put("p95", ms(s.p95Micros()));
    second.put("p99", ms(s.p99Micros()));
    second.put("max", ms(s.maxMicros()));
    return second;
  }
}
