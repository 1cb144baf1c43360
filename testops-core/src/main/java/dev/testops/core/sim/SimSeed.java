package dev.testops.core.sim;

import dev.testops.core.TestOpsException;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Where a SIM's seed comes from, the same for every way of starting one ({@code testops sim},
 * {@code testops run}, a server run): in order, an explicit seed ({@value #FLAG} on the command
 * line, {@value #REQUEST} in an HTTP request), the {@value #VARIABLE} environment variable ({@value
 * #ENV}), the suite's {@code dataset.seed} ({@value #SUITE}), the configuration's {@code
 * defaults.seed} ({@value #CONFIG}), else derived from the run id ({@value #RUN_ID}). The source is
 * recorded as {@code seed_source}.
 */
public final class SimSeed {
  /** The environment variable that overrides every seed but an explicit one. */
  public static final String VARIABLE = "SIM_SEED";

  /** {@code seed_source} of a seed given on the command line ({@code --seed}). */
  public static final String FLAG = "flag";

  /** {@code seed_source} of a seed given in an HTTP request's {@code dataset.seed}. */
  public static final String REQUEST = "request";

  /** {@code seed_source} of a seed read from {@value #VARIABLE}. */
  public static final String ENV = "env";

  /** {@code seed_source} of a suite's {@code dataset.seed}. */
  public static final String SUITE = "suite";

  /** {@code seed_source} of {@code defaults.seed} in {@code config/sim_config.yaml}. */
  public static final String CONFIG = "config";

  /** {@code seed_source} of a seed derived from the run id ({@link RunIds#seedFor}). */
  public static final String RUN_ID = "run-id";

  private SimSeed() {}

  /**
   * The seed {@value #VARIABLE} sets, if it is set and not blank.
   *
   * @param environment looks a variable up by name, {@code null} when unset
   * @throws TestOpsException.InvalidInput when it is set to something other than an integer
   */
  public static OptionalLong fromEnvironment(Function<String, String> environment) {
    String value = environment.apply(VARIABLE);
    if (value == null || value.isBlank()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new TestOpsException.InvalidInput(
          VARIABLE + " must be an integer (a 64-bit seed), was '" + value + "'");
    }
  }
}
