package dev.testops.toron;

import dev.testops.engine.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The faults one engine instance injects, parsed from a {@code fault} option or {@code TORON_FAULT}
 * value.
 *
 * @param nondeterministicRate the share of requests whose answer gets the instance nonce
 * @param errorRate the share of requests that fail
 * @param slowMillis how long every request really sleeps before answering
 */
record FaultPlan(double nondeterministicRate, double errorRate, long slowMillis) {

  /** No faults: the engine behaves as specified. */
  static final FaultPlan NONE = new FaultPlan(0.0, 0.0, 0);

  /** One minute: a longer sleep would only hang the suite that asked for it. */
  static final long MAX_SLOW_MILLIS = 60_000;

  static final String SYNTAX =
      "expected none or a comma-separated list of nondeterministic:<rate>, error:<rate>,"
          + " slow:<millis>"
          + " with each rate in [0, 1] and millis in [0, "
          + MAX_SLOW_MILLIS
          + "]";

  private static final Pattern RATE = Pattern.compile("\\d+(\\.\\d*)?|\\.\\d+");
  private static final Pattern MILLIS = Pattern.compile("\\d{1,9}");

  FaultPlan {
    requireRate(nondeterministicRate);
    requireRate(errorRate);
    if (slowMillis < 0 || slowMillis > MAX_SLOW_MILLIS) {
      throw new IllegalArgumentException("slowMillis out of range: " + slowMillis);
    }
  }

  /**
   * Parses a fault specification; {@code null}, blank or {@value ToronFaults#NO_FAULTS} means no
   * faults.
   *
   * @throws EngineException naming the bad part and the accepted syntax
   */
  static FaultPlan parse(String spec) {
    if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase(ToronFaults.NO_FAULTS)) {
      return NONE;
    }
    double nondeterministic = 0.0;
    double error = 0.0;
    long slow = 0;
    List<String> seen = new ArrayList<>();
    for (String rawPart : spec.split(",", -1)) {
      String part = rawPart.trim();
      int colon = part.indexOf(':');
      if (colon < 0) {
        throw invalid(part, spec);
      }
      String kind = part.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = part.substring(colon + 1).trim();
      if (seen.contains(kind)) {
        throw new EngineException(
            "invalid fault '" + part + "' in '" + spec + "': " + kind + " given twice; " + SYNTAX);
      }
      seen.add(kind);
      switch (kind) {
        case ToronFaults.NONDETERMINISTIC -> nondeterministic = parseRate(value, part, spec);
        case ToronFaults.ERROR -> error = parseRate(value, part, spec);
        case "slow" -> slow = parseMillis(value, part, spec);
        default -> throw invalid(part, spec);
      }
    }
    return new FaultPlan(nondeterministic, error, slow);
  }

  private static double parseRate(String value, String part, String spec) {
    // A plain decimal only: Double.parseDouble would also take "NaN", "1e-1" or "0.5d".
    if (!RATE.matcher(value).matches()) {
      throw invalid(part, spec);
    }
    double rate = Double.parseDouble(value);
    if (rate > 1.0) {
      throw invalid(part, spec);
    }
    return rate;
  }

  private static long parseMillis(String value, String part, String spec) {
    if (!MILLIS.matcher(value).matches()) {
      throw invalid(part, spec);
    }
    long millis = Long.parseLong(value);
    if (millis > MAX_SLOW_MILLIS) {
      throw invalid(part, spec);
    }
    return millis;
  }

  private static void requireRate(double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("fault rate must be in [0, 1], was " + rate);
    }
  }

  private static EngineException invalid(String part, String spec) {
    return new EngineException("invalid fault '" + part + "' in '" + spec + "': " + SYNTAX);
  }
}
