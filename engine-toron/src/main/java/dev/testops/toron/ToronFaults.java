package dev.testops.toron;

import dev.testops.engine.EngineRequest;
import dev.testops.engine.SplitMix64;

/**
 * Predicts which requests Toron's injected faults affect, so tests, replay and gates can check that
 * exactly those requests misbehave.
 *
 * <p>Faults are switched on with the engine option {@value #OPTION} or, when that option is absent,
 * the environment variable {@value #ENV}. The value is a comma-separated list of {@code
 * nondeterministic:<rate>}, {@code error:<rate>} and {@code slow:<millis>}, with each rate in [0,
 * 1]; {@value #NO_FAULTS} (or a blank value) means no faults. Which requests a rate-based fault
 * affects is decided by hashing the request, so the affected set is the same in every run and on
 * every machine.
 */
public final class ToronFaults {
  /** The engine option that switches faults on, e.g. {@code fault=error:0.1}. */
  public static final String OPTION = "fault";

  /** The environment variable read when the {@value #OPTION} option is absent. */
  public static final String ENV = "TORON_FAULT";

  /** The {@value #OPTION} value that switches every fault off, as a blank value does. */
  public static final String NO_FAULTS = "none";

  /** The fault kind that appends a per-engine-instance nonce to the answer. */
  public static final String NONDETERMINISTIC = "nondeterministic";

  /** The fault kind that fails the request with an {@link dev.testops.engine.EngineException}. */
  public static final String ERROR = "error";

  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private ToronFaults() {}

  /**
   * Tells whether a fault of the kind, injected at the rate, affects the request.
   *
   * <p>Pure and thread-safe: the answer depends only on the request's fields, the kind and the
   * rate. Raising the rate only adds requests to the affected set.
   *
   * @param request the request the engine would process
   * @param kind {@value #NONDETERMINISTIC} or {@value #ERROR}
   * @param rate the share of requests affected, in [0, 1]
   * @return whether the engine would inject the fault into this request
   * @throws IllegalArgumentException when the kind is unknown or the rate is outside [0, 1]
   */
  public static boolean affects(EngineRequest request, String kind, double rate) {
    if (!NONDETERMINISTIC.equals(kind) && !ERROR.equals(kind)) {
      throw new IllegalArgumentException(
          "unknown fault kind '" + kind + "' (expected nondeterministic or error)");
    }
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("fault rate must be in [0, 1], was " + rate);
    }
    // The kind salts the hash so the error and nondeterministic selections are independent.
    long hash =
        SplitMix64.seedOf(
            "toron-fault",
            kind,
            request.userId(),
            request.turn(),
            request.prompt(),
            request.priorClaims(),
            request.seed());
    return (hash >>> 11) * DOUBLE_UNIT < rate;
  }
}
