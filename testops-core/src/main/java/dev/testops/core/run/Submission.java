package dev.testops.core.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A request to start a run as a user sends it, before validation: a suite name or an explicit list
 * of phases, and optional dataset and engine settings.
 *
 * @param suite the suite to run
 * @param phases an explicit list of phases instead of a suite
 * @param profile the dataset profile (default: the configuration's)
 * @param users synthetic users (default: the suite's)
 * @param seed the seed (default: see {@link dev.testops.core.sim.SimSeed})
 * @param seedSource where an explicit seed came from ({@code request} over HTTP, {@code flag} on
 *     the command line); ignored without one
 * @param engine the engine id (default: {@code toron-v2.5h+})
 * @param engineOptions options for the engine
 */
public record Submission(
    Optional<String> suite,
    Optional<List<String>> phases,
    Optional<String> profile,
    Optional<Integer> users,
    OptionalLong seed,
    String seedSource,
    Optional<String> engine,
    Map<String, String> engineOptions) {

  /** Copies the options. */
  public Submission {
    java.util.Objects.requireNonNull(seedSource, "seedSource");
    engineOptions = Map.copyOf(engineOptions);
  }

  /** A submission whose seed, if any, came in a request ({@code seed_source} {@code request}). */
  public Submission(
      Optional<String> suite,
      Optional<List<String>> phases,
      Optional<String> profile,
      Optional<Integer> users,
      OptionalLong seed,
      Optional<String> engine,
      Map<String, String> engineOptions) {
    this(
        suite,
        phases,
        profile,
        users,
        seed,
        dev.testops.core.sim.SimSeed.REQUEST,
        engine,
        engineOptions);
  }

  /** A submission of a suite with every default. */
  public static Submission ofSuite(String suite) {
    return new Submission(
        Optional.of(suite),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OptionalLong.empty(),
        Optional.empty(),
        Map.of());
  }
}
