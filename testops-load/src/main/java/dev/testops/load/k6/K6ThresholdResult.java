package dev.testops.load.k6;

import java.util.Objects;

/**
 * The outcome of one k6 threshold, e.g. {@code http_req_duration} / {@code p(95)<500} / passed.
 *
 * @param metric the metric or sub-metric name as k6 keys it, e.g. {@code
 *     http_req_duration{expected_response:true}}
 * @param expression the threshold expression as written in the script, e.g. {@code p(95)<500}
 * @param ok {@code true} when the threshold passed; note that this is the opposite of the boolean
 *     in k6's legacy {@code --summary-export} file, where {@code true} means failed
 */
public record K6ThresholdResult(String metric, String expression, boolean ok) {
  /** Validates that both names are present and not blank. */
  public K6ThresholdResult {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(expression, "expression");
    if (metric.isBlank() || expression.isBlank()) {
      throw new IllegalArgumentException("threshold metric and expression must not be blank");
    }
  }
}
