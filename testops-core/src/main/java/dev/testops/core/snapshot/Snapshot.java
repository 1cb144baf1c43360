package dev.testops.core.snapshot;

import dev.testops.core.dataset.SimProfile;
import tools.jackson.databind.JsonNode;

/**
 * A snapshot as read back: the fields replay and compare rely on, plus the whole document.
 *
 * @param file where it was read from
 * @param runId the run's id
 * @param engineId the engine's id
 * @param engineProvider the registry id the engine was opened with (e.g. {@code http})
 * @param engineOptions the engine options the run asked for
 * @param effectiveOptions the options its engine ran with, each with where it came from; empty for
 *     a snapshot written before TestOps recorded them (its engine then ran with {@code
 *     engineOptions} plus whatever its environment and defaults added, unknown today)
 * @param engineVersion the engine's version at the time of the run
 * @param seed the run's seed
 * @param profile the dataset profile
 * @param users the number of synthetic users
 * @param suite the suite the run belonged to
 * @param datasetSha256 the SHA-256 of the canonical dataset
 * @param recordsFile the records file name, beside the snapshot
 * @param recordsSha256 the SHA-256 of the uncompressed records
 * @param recordCount the number of records
 * @param document the whole snapshot
 */
public record Snapshot(
    java.nio.file.Path file,
    String runId,
    String engineId,
    String engineProvider,
    java.util.Map<String, String> engineOptions,
    java.util.Optional<dev.testops.engine.EffectiveOptions> effectiveOptions,
    String engineVersion,
    long seed,
    SimProfile profile,
    int users,
    String suite,
    String datasetSha256,
    String recordsFile,
    String recordsSha256,
    long recordCount,
    JsonNode document) {

  /** The records file, resolved beside the snapshot. */
  public java.nio.file.Path recordsPath() {
    return file.resolveSibling(recordsFile);
  }

  /**
   * The option values its engine ran with: the effective ones when recorded, else the requested
   * ones (all an older snapshot knows).
   */
  public java.util.Map<String, String> recordedOptionValues() {
    return effectiveOptions.map(e -> e.options().values()).orElse(engineOptions);
  }

  /** The snapshot's SIM metrics ({@code metrics.sim}). */
  public JsonNode simMetrics() {
    return document.path("metrics").path("sim");
  }
}
