package dev.testops.load.k6;

import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A k6 end-of-test summary mapped into TestOps' load summary shape.
 *
 * <p>The shape is k6's legacy {@code --summary-export} shape, so tools that read k6 summaries read
 * ours: {@code {"metrics": {"http_reqs": {"count", "rate"}, "http_req_duration": {"avg", "min",
 * "med", "max", "p(90)", "p(95)", "p(99)", "thresholds": {"p(95)<500": false}}, ...}}}. As in k6's
 * file, a threshold's boolean in a metric's {@code thresholds} map is {@code true} when the
 * threshold <em>failed</em>; {@link #thresholds()} gives the same results with an unambiguous
 * {@code ok}.
 *
 * <p>Two input shapes are read (see {@link Shape}); both map to the same output. The metrics kept
 * are {@link #CORE_METRICS} plus every metric or sub-metric that carries thresholds. k6 leaves out
 * a metric that saw no samples, so a missing {@code dropped_iterations} is written as zero: dropped
 * iterations are counted, never hidden. Durations are in milliseconds and rates per second, as k6
 * writes them; fractions are rounded by {@link CanonicalJson#decimal(double)}. Immutable and
 * thread-safe.
 */
public final class K6Summary {
  /** The metrics always carried over when k6 reported them, by k6's names. */
  public static final List<String> CORE_METRICS =
      List.of(
          "checks",
          "dropped_iterations",
          "http_req_duration",
          "http_req_failed",
          "http_reqs",
          "iterations",
          "vus_max");

  /** The JSON shape a summary was read from. */
  public enum Shape {
    /**
     * The file {@code k6 run --summary-export FILE} writes: each metric's values sit directly in
     * the metric object, a Rate's ratio is {@code value}, and a threshold is {@code "expr": true}
     * when it failed.
     */
    LEGACY_EXPORT,
    /**
     * The {@code data} object k6 passes to {@code handleSummary(data)}: each metric has {@code
     * type}, {@code contains} and {@code values}, a Rate's ratio is {@code rate}, and a threshold
     * is {@code "expr": {"ok": true}} when it passed.
     */
    HANDLE_SUMMARY
  }

  private final Shape shape;
  private final ObjectNode metrics;
  private final List<K6ThresholdResult> thresholds;

  private K6Summary(Shape shape, ObjectNode metrics, List<K6ThresholdResult> thresholds) {
    this.shape = shape;
    this.metrics = metrics;
    this.thresholds = List.copyOf(thresholds);
  }

  /**
   * Reads a summary file of either shape.
   *
   * @throws TestOpsException.StorageFailure when the file cannot be read
   * @throws TestOpsException.CorruptArtifact when it is not a k6 summary
   */
  public static K6Summary read(Path file) {
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot read the k6 summary " + file, e);
    }
    return parse(json, "k6 summary " + file);
  }

  /**
   * Parses a summary of either shape.
   *
   * @param json the summary's UTF-8 bytes
   * @param what names the input in error messages, e.g. {@code "k6 summary load/k6.json"}
   * @throws TestOpsException.CorruptArtifact when it is not JSON or not a k6 summary
   */
  public static K6Summary parse(byte[] json, String what) {
    JsonNode root = CanonicalJson.parse(json, what);
    JsonNode in = root.get("metrics");
    if (in == null || !in.isObject()) {
      throw new TestOpsException.CorruptArtifact(
          what + " has no \"metrics\" object, so it is not a k6 summary");
    }
    Shape shape = shapeOf(in);
    ObjectNode out = CanonicalJson.object();
    List<K6ThresholdResult> results = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : in.properties()) {
      String name = entry.getKey();
      JsonNode metric = entry.getValue();
      if (!metric.isObject()) {
        throw corrupt(what, name, "is not an object");
      }
      Map<String, Boolean> passed = thresholdsOf(what, name, metric, shape);
      passed.forEach((expression, ok) -> results.add(new K6ThresholdResult(name, expression, ok)));
      if (CORE_METRICS.contains(name) || !passed.isEmpty()) {
        out.set(name, mapMetric(what, name, metric, shape, passed));
      }
    }
    if (!out.has("dropped_iterations")) {
      out.putObject("dropped_iterations").put("count", 0L).put("rate", 0L);
    }
    results.sort(
        Comparator.comparing(K6ThresholdResult::metric)
            .thenComparing(K6ThresholdResult::expression));
    return new K6Summary(shape, out, results);
  }

  /** Returns the shape the summary was read from. */
  public Shape shape() {
    return shape;
  }

  /** Returns {@code {"metrics": {...}}} in the legacy export shape; a fresh copy each call. */
  public ObjectNode toJson() {
    ObjectNode json = CanonicalJson.object();
    json.set("metrics", metrics.deepCopy());
    return json;
  }

  /** Returns every threshold result, sorted by metric, then expression. */
  public List<K6ThresholdResult> thresholds() {
    return thresholds;
  }

  /** Returns {@link #thresholds()} as {@code [{"metric", "expression", "ok"}]}. */
  public ArrayNode thresholdsJson() {
    ArrayNode array = CanonicalJson.array();
    for (K6ThresholdResult result : thresholds) {
      array
          .addObject()
          .put("metric", result.metric())
          .put("expression", result.expression())
          .put("ok", result.ok());
    }
    return array;
  }

  /** Returns whether every threshold passed ({@code true} when there are none). */
  public boolean thresholdsPassed() {
    return thresholds.stream().allMatch(K6ThresholdResult::ok);
  }

  private static Shape shapeOf(JsonNode metrics) {
    for (Map.Entry<String, JsonNode> entry : metrics.properties()) {
      if (entry.getValue().path("values").isObject()) {
        return Shape.HANDLE_SUMMARY;
      }
    }
    return Shape.LEGACY_EXPORT;
  }

  private static ObjectNode mapMetric(
      String what, String name, JsonNode metric, Shape shape, Map<String, Boolean> passed) {
    JsonNode values = metric;
    boolean renameRate = false;
    if (shape == Shape.HANDLE_SUMMARY) {
      values = metric.get("values");
      if (values == null || !values.isObject()) {
        throw corrupt(what, name, "has no \"values\" object");
      }
      // k6 itself renames a Rate's "rate" to "value" when it writes the legacy export.
      renameRate = "rate".equals(metric.path("type").asString(""));
    }
    ObjectNode out = CanonicalJson.object();
    for (Map.Entry<String, JsonNode> value : values.properties()) {
      if (value.getValue().isNumber()) {
        String key = renameRate && value.getKey().equals("rate") ? "value" : value.getKey();
        putNumber(out, key, value.getValue());
      }
    }
    if (!passed.isEmpty()) {
      ObjectNode legacy = out.putObject("thresholds");
      passed.forEach((expression, ok) -> legacy.put(expression, !ok));
    }
    return out;
  }

  /** Returns threshold expression → passed, sorted by expression. */
  private static Map<String, Boolean> thresholdsOf(
      String what, String name, JsonNode metric, Shape shape) {
    Map<String, Boolean> passed = new TreeMap<>();
    JsonNode thresholds = metric.get("thresholds");
    if (thresholds == null || thresholds.isNull()) {
      return passed;
    }
    if (!thresholds.isObject()) {
      throw corrupt(what, name, "has \"thresholds\" that are not an object");
    }
    for (Map.Entry<String, JsonNode> entry : thresholds.properties()) {
      JsonNode result = entry.getValue();
      if (shape == Shape.HANDLE_SUMMARY && result.path("ok").isBoolean()) {
        passed.put(entry.getKey(), result.get("ok").booleanValue());
      } else if (shape == Shape.LEGACY_EXPORT && result.isBoolean()) {
        // Legacy export: true means the threshold FAILED (k6 writes !threshold.ok).
        passed.put(entry.getKey(), !result.booleanValue());
      } else {
        throw corrupt(what, name, "threshold \"" + entry.getKey() + "\" has no pass/fail result");
      }
    }
    return passed;
  }

  private static void putNumber(ObjectNode out, String key, JsonNode number) {
    if (number.isIntegralNumber() && number.canConvertToLong()) {
      out.put(key, number.longValue());
      return;
    }
    BigDecimal exact = number.decimalValue();
    // Go writes a whole float64 such as 846.0 as 846; either way a whole number stays a long.
    if (exact.signum() == 0 || exact.stripTrailingZeros().scale() <= 0) {
      try {
        out.put(key, exact.longValueExact());
        return;
      } catch (ArithmeticException tooLarge) {
        // falls through to the rounded decimal
      }
    }
    out.put(key, CanonicalJson.decimal(number.doubleValue()));
  }

  private static TestOpsException.CorruptArtifact corrupt(String what, String name, String why) {
    return new TestOpsException.CorruptArtifact(what + ": metric \"" + name + "\" " + why);
  }
}
