package dev.testops.core.sim;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.AtomicFiles;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.engines.EngineOptionsJson;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.snapshot.RecordsCodec;
import dev.testops.core.snapshot.SnapshotFormat;
import dev.testops.core.snapshot.Trigger;
import dev.testops.engine.EffectiveOptions;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one SIM batch and records it: {@code snapshots/run-<id>.json} plus its records. Either both
 * files appear, whole, or neither does.
 */
public final class SimBatch {
  private final ArtifactHome home;
  private final EngineRegistry engines;
  private final String toolVersion;
  private final RecordsCodec codec;

  /**
   * Creates a SIM batch runner that writes records in the {@link RecordsCodec#DEFAULT}.
   *
   * @param toolVersion the TestOps version recorded in snapshots
   */
  public SimBatch(ArtifactHome home, EngineRegistry engines, String toolVersion) {
    this(home, engines, toolVersion, RecordsCodec.DEFAULT);
  }

  /**
   * Creates a SIM batch runner.
   *
   * @param toolVersion the TestOps version recorded in snapshots
   * @param codec how the records file is encoded (benchmarks compare them)
   */
  public SimBatch(
      ArtifactHome home, EngineRegistry engines, String toolVersion, RecordsCodec codec) {
    this.home = home;
    this.engines = engines;
    this.toolVersion = toolVersion;
    this.codec = codec;
  }

  /** What a finished batch wrote. */
  public record Outcome(Path snapshot, Path records, ObjectNode document) {}

  /**
   * Runs the batch with the default in-flight limit ({@link Simulation#DEFAULT_MAX_IN_FLIGHT}).
   *
   * @param threads worker threads; the result does not depend on it
   * @throws TestOpsException.Conflict when a snapshot for the run id already exists
   * @throws TestOpsException.NotFound when the engine is unknown
   */
  public Outcome run(SimSpec spec, int threads, Trigger trigger, SimProgress progress) {
    return run(spec, threads, Simulation.DEFAULT_MAX_IN_FLIGHT, trigger, progress);
  }

  /**
   * Runs the batch.
   *
   * @param threads worker threads; the result does not depend on it
   * @param maxInFlight the most requests in flight at once to an engine that takes them
   *     asynchronously (an engine over HTTP); the result does not depend on it
   * @throws TestOpsException.Conflict when a snapshot for the run id already exists
   * @throws TestOpsException.NotFound when the engine is unknown
   */
  public Outcome run(
      SimSpec spec, int threads, int maxInFlight, Trigger trigger, SimProgress progress) {
    Simulation.requireMaxInFlight(maxInFlight);
    Path snapshotPath = home.snapshot(spec.runId());
    if (Files.exists(snapshotPath)) {
      throw new TestOpsException.Conflict(
          "a snapshot for run " + spec.runId() + " already exists: " + snapshotPath);
    }
    Path recordsPath = home.records(spec.runId(), codec.fileSuffix());
    try (Engine engine = engines.open(spec.engineId(), spec.engineOptions())) {
      EngineDescriptor descriptor = engine.describe();
      RecordsWriter records = new RecordsWriter(home.output(), recordsPath, codec);
      try {
        Simulation.run(spec, engine, threads, maxInFlight, records, progress);
        String recordsSha = records.finish();
        ObjectNode document =
            document(
                spec,
                descriptor,
                engines.effectiveOptions(spec.engineId(), spec.engineOptions()),
                records,
                recordsSha,
                trigger);
        records.commit();
        try {
          SnapshotFormat.write(home.output(), snapshotPath, document);
        } catch (RuntimeException e) {
          // The records without their snapshot are no run at all.
          AtomicFiles.deleteQuietly(recordsPath);
          throw e;
        }
        return new Outcome(snapshotPath, recordsPath, document);
      } catch (RuntimeException e) {
        records.abort();
        throw e;
      }
    }
  }

  private ObjectNode document(
      SimSpec spec,
      EngineDescriptor descriptor,
      EffectiveOptions effectiveOptions,
      RecordsWriter records,
      String recordsSha,
      Trigger trigger) {
    ObjectNode doc = CanonicalJson.object();
    doc.put("kind", SnapshotFormat.KIND);
    doc.put("schema_version", SnapshotFormat.SCHEMA_VERSION);
    doc.put("run_id", spec.runId());
    ObjectNode tool = doc.putObject("tool");
    tool.put("name", "testops");
    tool.put("version", toolVersion);
    ObjectNode engine = doc.putObject("engine");
    engine.put("id", descriptor.id());
    // The registry id the engine was opened with: differs from the engine's own id when it is
    // reached through an adapter (e.g. "http"), and is what a replay must open again.
    engine.put("provider", spec.engineId());
    engine.put("version", descriptor.version());
    var capabilities = engine.putArray("capabilities");
    descriptor.capabilities().forEach(capabilities::add);
    ObjectNode options = engine.putObject("options");
    spec.engineOptions().values().forEach(options::put);
    // What the engine really ran with (the options plus the environment and defaults), so that
    // a replay recreates it whatever its own environment.
    engine.set("effective_options", EngineOptionsJson.toJson(effectiveOptions));
    doc.put("seed", spec.seed());
    doc.put("seed_source", spec.seedSource());
    doc.set("profile", SnapshotFormat.profileJson(spec.profile()));
    ObjectNode scale = doc.putObject("scale");
    scale.put("users", spec.users());
    scale.put("turns_per_user", spec.profile().turnsPerUser());
    scale.put("requests", spec.requests());
    scale.put("suite", spec.suite());
    ObjectNode dataset = doc.putObject("dataset");
    dataset.put("sha256", records.datasetSha256());
    dataset.put("users", spec.users());
    ObjectNode recordsJson = doc.putObject("records");
    recordsJson.put(
        "file", home.records(spec.runId(), codec.fileSuffix()).getFileName().toString());
    recordsJson.put("format", codec.format());
    recordsJson.put("count", records.recordCount());
    recordsJson.put("sha256", recordsSha);
    doc.putObject("metrics").set("sim", records.metrics().toJson());
    doc.set("trigger", trigger.toJson());
    return doc;
  }
}
