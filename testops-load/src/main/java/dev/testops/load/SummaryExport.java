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
 * where, as in k6's legacy export, {@code true} means the threshold FAILED. TestOps adds {@code
 * offered_rate}, {@code achieved_rate}, {@code service_time}, {@code schedule_lag}, {@code errors},
 * {@code series}, {@code passed} and {@code failures}.
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
      thresholds.put(outcome.threshold().expression(), !outcome.passed());
    }
    root.set("root_group", rootGroup(t));
    root.put("offered_rate", CanonicalJson.decimal(r.offeredRate()));
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
    scenario.put("offered", r.offered());
    root.put("passed", r.passed());
    var failures = root.putArray("failures");
    r.failures().forEach(failures::add);
    return root;
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
