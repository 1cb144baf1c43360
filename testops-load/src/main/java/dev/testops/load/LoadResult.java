package dev.testops.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one load run. {@link #toJson} renders it in the shape of k6's legacy {@code
 * --summary-export} plus TestOps' fields; {@link #value} feeds {@link Threshold}s.
 *
 * @param target the base URL that was loaded
 * @param scenario the scenario that ran
 * @param durationSeconds the scheduled duration (rates are per second of it)
 * @param offered iterations the schedule offered (open) or started (closed)
 * @param dropped iterations the VU pool could not serve
 * @param interrupted iterations still unanswered when the graceful stop ran out
 * @param initialVus VUs allocated at the start
 * @param maxVus the most VUs allocated
 * @param totals what the event loops measured
 * @param thresholds each threshold's outcome, in metric then expression order
 * @param warmup what the warm-up before the measured window sent and measured (kept apart from
 *     every other figure), or null when there was none
 * @param generator whether the generator itself was the bottleneck, with the evidence
 * @param cancelled whether the run was stopped by a cancel before its end
 */
public record LoadResult(
    String target,
    Scenario scenario,
    double durationSeconds,
    long offered,
    long dropped,
    long interrupted,
    int initialVus,
    int maxVus,
    Reporter.Totals totals,
    List<Threshold.Outcome> thresholds,
    Warmup warmup,
    GeneratorCheck generator,
    boolean cancelled) {

  /** The check every request is held to. */
  public static final String CHECK = "status is 200 and digest is the SHA-256 of the answer";

  /**
   * What the warm-up sent before the measured window.
   *
   * @param durationSeconds how long it lasted
   * @param ratePerSecond the open model's arrival rate during it (0 for the closed model)
   * @param vus the closed model's VUs during it (0 for the open model)
   * @param offered arrivals the warm-up offered (open) or VUs it started (closed)
   * @param dropped arrivals no VU could take
   * @param totals what was measured of the iterations intended in the warm-up
   */
  public record Warmup(
      double durationSeconds,
      double ratePerSecond,
      int vus,
      long offered,
      long dropped,
      Reporter.Totals totals) {}

  /** Copies the outcomes; no generator evidence means none was found. */
  public LoadResult {
    thresholds = List.copyOf(thresholds);
    generator = generator == null ? GeneratorCheck.NONE : generator;
  }

  /**
   * Evaluates the scenario's thresholds against the measurements and returns the full result. When
   * the generator was saturated, a threshold on a metric it sets ({@link
   * GeneratorCheck#dependsOnTheGenerator}) is inconclusive: it neither passes nor fails.
   */
  static LoadResult evaluate(LoadResult measured) {
    List<Threshold.Outcome> outcomes = new ArrayList<>();
    boolean saturated = measured.generator.saturated();
    measured
        .scenario
        .thresholds()
        .forEach(
            (metric, expressions) ->
                expressions.forEach(
                    e -> {
                      var outcome = Threshold.parse(metric, e).evaluate(measured::value);
                      outcomes.add(
                          saturated && GeneratorCheck.dependsOnTheGenerator(metric)
                              ? outcome.asInconclusive()
                              : outcome);
                    }));
    return new LoadResult(
        measured.target,
        measured.scenario,
        measured.durationSeconds,
        measured.offered,
        measured.dropped,
        measured.interrupted,
        measured.initialVus,
        measured.maxVus,
        measured.totals,
        outcomes,
        measured.warmup,
        measured.generator,
        measured.cancelled);
  }

  /** Iterations that finished (answered or failed). */
  public long iterations() {
    return totals.requests();
  }

  /**
   * Offered iterations per second of the scheduled duration. Open model only: the closed model
   * offers no arrivals (its {@code offered} counts VUs started), so there it is NaN.
   */
  public double offeredRate() {
    return scenario.executor().open() ? offered / durationSeconds : Double.NaN;
  }

  /** Finished iterations per second of the scheduled duration. */
  public double achievedRate() {
    return iterations() / durationSeconds;
  }

  /** Why the run failed, one line each; empty when it passed. */
  public List<String> failures() {
    List<String> failures = new ArrayList<>();
    if (totals.requests() == 0) {
      failures.add("no request finished against " + target);
    } else if (totals.failed() == totals.requests()) {
      String kinds =
          totals.errors().entrySet().stream()
              .filter(e -> e.getValue() > 0)
              .map(e -> e.getKey().label() + " " + e.getValue())
              .collect(Collectors.joining(", "));
      failures.add(
          String.format(
              Locale.ROOT,
              "every one of %d requests to %s failed (%s)%s",
              totals.requests(),
              target,
              kinds,
              totals.errors().get(ErrorKind.CONNECT_REFUSED) > 0
                  ? ": nothing accepts connections there; is the engine served"
                      + " (testops engine serve)?"
                  : ""));
    }
    if (cancelled) {
      failures.add("cancelled before the end of the scenario");
    }
    if (interrupted > 0) {
      failures.add(interrupted + " requests were still unanswered after the graceful stop");
    }
    thresholds.stream()
        .filter(o -> !o.passed() && !o.inconclusive())
        .forEach(o -> failures.add("threshold " + o.describe()));
    return failures;
  }

  /**
   * Why the run is inconclusive, one line each: the generator was saturated and thresholds that
   * depend on it could not be judged. Empty when every threshold was judged.
   */
  public List<String> inconclusive() {
    List<String> reasons = new ArrayList<>();
    List<String> unjudged =
        thresholds.stream()
            .filter(Threshold.Outcome::inconclusive)
            .map(o -> o.threshold().metric() + " " + o.threshold().expression())
            .toList();
    if (!unjudged.isEmpty()) {
      reasons.add(
          generator.describe()
              + "; not judged: "
              + String.join(", ", unjudged)
              + " (rerun with a lower rate or fewer VUs, or the generator on another machine)");
    }
    return reasons;
  }

  /**
   * {@code failed} when a request or a judged threshold failed (or the run was cancelled); else
   * {@code inconclusive} when a threshold could not be judged; else {@code passed}.
   */
  public String verdict() {
    if (!failures().isEmpty()) {
      return "failed";
    }
    return inconclusive().isEmpty() ? "passed" : "inconclusive";
  }

  /** Whether the run passed: requests succeeded and every threshold was judged and held. */
  public boolean passed() {
    return verdict().equals("passed");
  }

  /** A metric's aggregation as k6 names them (durations in ms), or empty when it is missing. */
  public OptionalDouble value(String metric, String aggregation) {
    long requests = totals.requests();
    Histogram latency = totals.latency();
    return switch (metric) {
      case "http_req_duration" ->
          latency.getTotalCount() == 0 ? OptionalDouble.empty() : trend(latency, aggregation);
      case "http_req_failed" ->
          requests == 0 ? OptionalDouble.empty() : rate(totals.failed(), requests, aggregation);
      case "checks" ->
          requests == 0
              ? OptionalDouble.empty()
              : rate(totals.checksPassed(), requests, aggregation);
      case "iterations", "http_reqs" -> counter(requests, aggregation);
      case "dropped_iterations" -> counter(dropped, aggregation);
      case "vus_max" ->
          switch (aggregation) {
            case "value", "max" -> OptionalDouble.of(maxVus);
            case "min" -> OptionalDouble.of(initialVus);
            default -> OptionalDouble.empty();
          };
      default -> OptionalDouble.empty();
    };
  }

  private OptionalDouble counter(long count, String aggregation) {
    return switch (aggregation) {
      case "count" -> OptionalDouble.of(count);
      case "rate" -> OptionalDouble.of(count / durationSeconds);
      default -> OptionalDouble.empty();
    };
  }

  private static OptionalDouble rate(long trues, long all, String aggregation) {
    return switch (aggregation) {
      case "rate", "value" -> OptionalDouble.of((double) trues / all);
      default -> OptionalDouble.empty();
    };
  }

  /** A trend aggregation of a histogram in microseconds, as milliseconds. */
  static OptionalDouble trend(Histogram micros, String aggregation) {
    double ms =
        switch (aggregation) {
          case "avg" -> micros.getMean();
          case "min" -> micros.getMinValue();
          case "max" -> micros.getMaxValue();
          case "med" -> micros.getValueAtPercentile(50);
          default -> {
            if (!aggregation.startsWith("p(")) {
              yield Double.NaN;
            }
            double p = Double.parseDouble(aggregation.substring(2, aggregation.length() - 1));
            yield micros.getValueAtPercentile(p);
          }
        };
    return Double.isNaN(ms) ? OptionalDouble.empty() : OptionalDouble.of(ms / 1000.0);
  }

  /** Renders the result: k6's legacy summary-export shape plus TestOps' fields. */
  public tools.jackson.databind.node.ObjectNode toJson() {
    return SummaryExport.render(this);
  }
}
