package dev.testops.core.sim;

import dev.testops.core.dataset.SimProfile;
import dev.testops.engine.EngineOptions;
import java.util.Objects;

/**
 * The inputs of one SIM batch: everything needed to reproduce it.
 *
 * @param runId the run's id
 * @param users how many synthetic users to simulate
 * @param seed the dataset and engine seed
 * @param seedSource where the seed came from: {@code flag}, {@code env}, {@code config} or {@code
 *     run-id}
 * @param profile the dataset profile
 * @param suite the suite this batch belongs to (recorded, not interpreted here)
 * @param engineId the engine's id
 * @param engineOptions the explicit engine options
 */
public record SimSpec(
    String runId,
    int users,
    long seed,
    String seedSource,
    SimProfile profile,
    String suite,
    String engineId,
    EngineOptions engineOptions) {

  /** Validates the fields. */
  public SimSpec {
    RunIds.requireValid(runId);
    if (users < 1) {
      throw new IllegalArgumentException("users must be >= 1, was " + users);
    }
    Objects.requireNonNull(seedSource, "seedSource");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(engineId, "engineId");
    Objects.requireNonNull(engineOptions, "engineOptions");
  }

  /** The number of requests the batch sends: users times turns per user. */
  public long requests() {
    return (long) users * profile.turnsPerUser();
  }
}
