package dev.testops.toron;

import dev.testops.engine.SplitMix64;
import dev.testops.engine.Tier;

/**
 * Toron's modelled latency: a log-normal per tier plus a log-normal Opus overhead when a request is
 * escalated. Computed with {@link StrictMath} so every JVM gives the same microseconds; never
 * slept.
 */
final class LatencyModel {
  static final long T1_MEDIAN_MICROS = 40_000;
  static final long T2_MEDIAN_MICROS = 180_000;
  static final long T3_MEDIAN_MICROS = 700_000;
  static final long OPUS_MEDIAN_MICROS = 900_000;
  static final double SIGMA = 0.35;

  private LatencyModel() {}

  /**
   * Draws the latency of one request in microseconds.
   *
   * <p>Always draws exactly two deviates, escalated or not, so the random stream a caller uses
   * afterwards does not depend on the escalation decision.
   */
  static long latencyMicros(Tier tier, boolean escalated, SplitMix64 rng) {
    double tierMicros = logNormal(medianMicros(tier), rng);
    double opusMicros = logNormal(OPUS_MEDIAN_MICROS, rng);
    return Math.round(tierMicros + (escalated ? opusMicros : 0.0));
  }

  static long medianMicros(Tier tier) {
    return switch (tier) {
      case T1 -> T1_MEDIAN_MICROS;
      case T2 -> T2_MEDIAN_MICROS;
      case T3 -> T3_MEDIAN_MICROS;
    };
  }

  private static double logNormal(long medianMicros, SplitMix64 rng) {
    return StrictMath.exp(StrictMath.log(medianMicros) + SIGMA * rng.nextGaussian());
  }
}
