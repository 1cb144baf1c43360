package dev.testops.load;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One k6 threshold expression on one metric, e.g. {@code http_req_duration: p(95)<500}: an
 * aggregation ({@code avg min max med p(N) rate count value}), a comparison ({@code < <= > >= ==
 * === !=}) and a number. Durations are in milliseconds, as in k6.
 *
 * @param metric the metric name, e.g. {@code http_req_duration}
 * @param expression the expression as written, e.g. {@code p(95)<500}
 * @param aggregation the aggregation, normalised, e.g. {@code p(95)}
 * @param operator the comparison
 * @param bound the number compared with
 */
public record Threshold(
    String metric, String expression, String aggregation, String operator, double bound) {

  private static final Pattern SYNTAX =
      Pattern.compile(
          "\\s*(avg|min|max|med|count|rate|value|p\\(\\s*(\\d+(?:\\.\\d+)?)\\s*\\))"
              + "\\s*(<=|>=|===|==|!=|<|>)\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\s*");

  /** The values of a run's metrics, by metric and aggregation. */
  @FunctionalInterface
  public interface Values {
    /** The value of the aggregation of the metric, or empty when the run has no such metric. */
    OptionalDouble value(String metric, String aggregation);
  }

  /** Validates the fields. */
  public Threshold {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(operator, "operator");
  }

  /**
   * Parses a k6 threshold expression.
   *
   * @throws IllegalArgumentException naming the metric, the expression and the accepted syntax
   */
  public static Threshold parse(String metric, String expression) {
    Matcher m = SYNTAX.matcher(expression);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "threshold '"
              + expression
              + "' on "
              + metric
              + " is not k6 syntax (AGGREGATION OPERATOR NUMBER, e.g. p(95)<500, rate<0.01;"
              + " aggregations avg min max med p(N) rate count value)");
    }
    String aggregation = m.group(2) == null ? m.group(1) : "p(" + m.group(2) + ")";
    if (m.group(2) != null && Double.parseDouble(m.group(2)) > 100) {
      throw new IllegalArgumentException(
          "threshold '" + expression + "' on " + metric + ": the percentile must be <= 100");
    }
    return new Threshold(
        metric, expression, aggregation, m.group(3), Double.parseDouble(m.group(4)));
  }

  /** For {@code p(N)}, the percentile N; else NaN. */
  public double percentile() {
    return aggregation.startsWith("p(")
        ? Double.parseDouble(aggregation.substring(2, aggregation.length() - 1))
        : Double.NaN;
  }

  /**
   * Evaluates the threshold; a missing metric or aggregation fails it.
   *
   * @return the outcome, with the observed value when there was one
   */
  public Outcome evaluate(Values values) {
    OptionalDouble observed = values.value(metric, aggregation);
    if (observed.isEmpty()) {
      return new Outcome(this, false, OptionalDouble.empty());
    }
    double v = observed.getAsDouble();
    boolean ok =
        switch (operator) {
          case "<" -> v < bound;
          case "<=" -> v <= bound;
          case ">" -> v > bound;
          case ">=" -> v >= bound;
          case "==", "===" -> v == bound;
          case "!=" -> v != bound;
          default -> throw new IllegalStateException("operator " + operator);
        };
    return new Outcome(this, ok, observed);
  }

  /**
   * A threshold's result.
   *
   * @param threshold the threshold
   * @param passed whether it held (never when inconclusive)
   * @param observed the observed value; empty when the metric was missing
   * @param inconclusive whether the value says nothing about the target (the generator was
   *     saturated, {@link GeneratorCheck}): neither passed nor failed
   */
  public record Outcome(
      Threshold threshold, boolean passed, OptionalDouble observed, boolean inconclusive) {

    /** Validates that an inconclusive outcome did not pass. */
    public Outcome {
      if (inconclusive && passed) {
        throw new IllegalArgumentException("an inconclusive threshold neither passes nor fails");
      }
    }

    /** A conclusive outcome. */
    public Outcome(Threshold threshold, boolean passed, OptionalDouble observed) {
      this(threshold, passed, observed, false);
    }

    /** This outcome made inconclusive, its observed value kept. */
    public Outcome asInconclusive() {
      return new Outcome(threshold, false, observed, true);
    }

    /** {@code passed}, {@code failed} or {@code inconclusive}. */
    public String result() {
      return inconclusive ? "inconclusive" : passed ? "passed" : "failed";
    }

    /** One line for a report, e.g. {@code http_req_duration p(95)<500: failed (observed 612)}. */
    public String describe() {
      String seen =
          observed.isEmpty()
              ? "metric " + threshold.metric() + " is missing from the run"
              : String.format(Locale.ROOT, "observed %s", observed.getAsDouble());
      return threshold.metric()
          + " "
          + threshold.expression()
          + ": "
          + result()
          + " ("
          + seen
          + ")";
    }
  }
}
