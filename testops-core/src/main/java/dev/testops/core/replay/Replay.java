package dev.testops.core.replay;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.Sha256;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.engines.EngineOptionsJson;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.sim.Chunk;
import dev.testops.core.sim.ChunkSink;
import dev.testops.core.sim.SimMetrics;
import dev.testops.core.sim.SimProgress;
import dev.testops.core.sim.SimSpec;
import dev.testops.core.sim.Simulation;
import dev.testops.core.snapshot.RecordsReader;
import dev.testops.core.snapshot.Snapshot;
import dev.testops.engine.EffectiveOptions;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineDescriptor;
import dev.testops.engine.EngineOptions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays a snapshot offline: regenerates its dataset from the snapshot alone, runs the engine
 * again and compares every record, byte for byte, with the stored one.
 *
 * <p>{@code determinism_score} = matching records / records x 100. A record counts as matching only
 * if its canonical bytes are identical; a record missing on either side counts as differing. The
 * {@link ReplayVerdict verdict} is {@code IDENTICAL}, {@code DRIFT WITHIN FLOOR} or {@code DRIFT}.
 *
 * <p>The engine is created from the options the run recorded as effective (so the replaying
 * process's environment cannot change it), overridden per key by the caller's; the result lists
 * every option whose value differs from the recorded one ({@code option_differences}).
 */
public final class Replay {
  /** The default drift floor: a score below it is drift. */
  public static final BigDecimal DEFAULT_FLOOR = BigDecimal.valueOf(90);

  /** How many diverging records a result shows in full by default. */
  public static final int DEFAULT_SHOWN_DIVERGENCES = 5;

  private final EngineRegistry engines;

  /** Creates a replay that opens engines from the registry. */
  public Replay(EngineRegistry engines) {
    this.engines = engines;
  }

  /**
   * What to replay with.
   *
   * @param engineId the engine to run, or empty for the snapshot's engine (its provider)
   * @param engineOptions options for the engine, each overriding the one the snapshot recorded
   * @param floor the drift floor, in [0, 100]
   * @param shownDivergences how many diverging records to include in full
   * @param threads worker threads
   * @param maxInFlight the most requests in flight at once to an engine that takes them
   *     asynchronously (an engine over HTTP)
   */
  public record Options(
      Optional<String> engineId,
      EngineOptions engineOptions,
      BigDecimal floor,
      int shownDivergences,
      int threads,
      int maxInFlight) {

    /** Options with the default in-flight limit ({@link Simulation#DEFAULT_MAX_IN_FLIGHT}). */
    public Options(
        Optional<String> engineId,
        EngineOptions engineOptions,
        BigDecimal floor,
        int shownDivergences,
        int threads) {
      this(
          engineId,
          engineOptions,
          floor,
          shownDivergences,
          threads,
          Simulation.DEFAULT_MAX_IN_FLIGHT);
    }

    /** Validates the fields. */
    public Options {
      Simulation.requireMaxInFlight(maxInFlight);
      if (floor.signum() < 0 || floor.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new TestOpsException.InvalidInput("floor must be in [0, 100], was " + floor);
      }
      if (shownDivergences < 0) {
        throw new TestOpsException.InvalidInput("shown divergences must be >= 0");
      }
    }
  }

  /**
   * Replays the snapshot and returns the determinism result ({@code reports/determinism.json}).
   *
   * @throws TestOpsException.CorruptArtifact when the stored records are damaged or do not match
   *     their checksum
   */
  public ObjectNode run(Snapshot snapshot, Options options, SimProgress progress) {
    String engineId = options.engineId().orElse(snapshot.engineProvider());
    // The options the run's engine ran with (recorded, environment and defaults included), so
    // this process's environment cannot change the engine; the caller's override them per key.
    var merged = new java.util.TreeMap<>(snapshot.recordedOptionValues());
    merged.putAll(options.engineOptions().values());
    var engineOptions = new EngineOptions(merged);
    EffectiveOptions used = engines.effectiveOptions(engineId, engineOptions);
    var spec =
        new SimSpec(
            snapshot.runId(),
            snapshot.users(),
            snapshot.seed(),
            "snapshot",
            snapshot.profile(),
            snapshot.suite(),
            engineId,
            engineOptions);
    try (Engine engine = engines.open(engineId, engineOptions);
        RecordsReader stored = new RecordsReader(snapshot.recordsPath())) {
      EngineDescriptor descriptor = engine.describe();
      var comparison = new Comparison(stored, options.shownDivergences());
      Simulation.run(spec, engine, options.threads(), options.maxInFlight(), comparison, progress);
      comparison.drainStored();
      String storedSha = stored.drainAndHash();
      if (!storedSha.equals(snapshot.recordsSha256())) {
        throw new TestOpsException.CorruptArtifact(
            "records file "
                + snapshot.recordsPath()
                + " does not match the checksum in its snapshot (stored "
                + snapshot.recordsSha256()
                + ", file "
                + storedSha
                + ")");
      }
      return result(snapshot, descriptor, used, options, comparison);
    }
  }

  private static ObjectNode result(
      Snapshot snapshot,
      EngineDescriptor engine,
      EffectiveOptions used,
      Options options,
      Comparison comparison) {
    long total = comparison.total;
    long differing = total - comparison.matching;
    BigDecimal score = CanonicalJson.ratio(comparison.matching * 100, total);
    boolean belowFloor = score.compareTo(options.floor()) < 0;
    ReplayVerdict verdict = ReplayVerdict.of(differing, belowFloor);
    ObjectNode json = CanonicalJson.object();
    json.put("kind", "testops.determinism");
    json.put("schema_version", 1);
    json.put("run_id", snapshot.runId());
    json.put("snapshot", snapshot.file().getFileName().toString());
    json.put("verdict", verdict.label());
    ObjectNode engines = json.putObject("engine");
    engines.put("id", engine.id());
    engines.put("version", engine.version());
    engines.put("snapshot_id", snapshot.engineId());
    engines.put("snapshot_version", snapshot.engineVersion());
    // What the run recorded (a snapshot older than effective options: what it asked for).
    engines.set(
        "recorded_options",
        EngineOptionsJson.toJson(
            snapshot
                .effectiveOptions()
                .orElse(
                    EffectiveOptions.asRequested(new EngineOptions(snapshot.engineOptions())))));
    engines.set("effective_options", EngineOptionsJson.toJson(used));
    ArrayNode optionDifferences = OptionDifferences.between(snapshot, used);
    json.put("options_match", optionDifferences.isEmpty());
    json.set("option_differences", optionDifferences);
    ObjectNode records = json.putObject("records");
    records.put("total", total);
    records.put("matching", comparison.matching);
    records.put("differing", differing);
    records.put("stored", comparison.storedCount);
    records.put("replayed", comparison.replayedCount);
    json.put("determinism_score", score);
    json.put("floor", options.floor());
    // drift: any record differs (the engine is not deterministic); passed: the score reached the
    // floor. A drift within the floor passes, and says so in its verdict.
    json.put("drift", differing > 0);
    json.put("passed", verdict.passes());
    String datasetSha = comparison.datasetSha256();
    json.put("dataset_sha256", datasetSha);
    json.put("dataset_matches", datasetSha.equals(snapshot.datasetSha256()));
    json.put("metrics_match", reproduces(comparison.metrics.toJson(), snapshot.simMetrics()));
    json.put("headline", headline(json));
    json.set("first_divergences", comparison.divergences);
    return json;
  }

  /**
   * The one line that says what a replay found, first in every output of it: the verdict, how many
   * records diverged, and why it matters. E.g. {@code DRIFT WITHIN FLOOR: 12 of 1000 records
   * diverged (determinism_score 98.8, floor 90): the engine is not deterministic}.
   */
  public static String headline(JsonNode result) {
    ReplayVerdict verdict = ReplayVerdict.fromLabel(result.path("verdict").asString());
    JsonNode records = result.path("records");
    String score = result.path("determinism_score").decimalValue().toPlainString();
    String floor = result.path("floor").decimalValue().toPlainString();
    if (verdict == ReplayVerdict.IDENTICAL) {
      return String.format(
          java.util.Locale.ROOT,
          "IDENTICAL: all %d records match the snapshot (determinism_score %s, floor %s)",
          records.path("total").asLong(),
          score,
          floor);
    }
    String cause =
        result.path("options_match").asBoolean(true)
            ? "the engine is not deterministic"
            : "the replay ran with other engine options than the run (see option_differences)";
    return String.format(
        java.util.Locale.ROOT,
        "%s: %d of %d records diverged (determinism_score %s, %s %s): %s",
        verdict.label(),
        records.path("differing").asLong(),
        records.path("total").asLong(),
        score,
        verdict == ReplayVerdict.DRIFT ? "below the floor" : "floor",
        floor,
        cause);
  }

  /** Compares replayed records with the stored ones as chunks arrive, in order. */
  private static final class Comparison implements ChunkSink {
    private final RecordsReader stored;
    private final int shown;
    private final ArrayNode divergences = CanonicalJson.array();
    private final MessageDigest dataset = Sha256.newDigest();
    private final SimMetrics metrics = new SimMetrics();
    private long total;
    private long matching;
    private long storedCount;
    private long replayedCount;

    Comparison(RecordsReader stored, int shown) {
      this.stored = stored;
      this.shown = shown;
    }

    @Override
    public void accept(Chunk chunk) {
      dataset.update(chunk.dataset());
      metrics.merge(chunk.metrics());
      String text = new String(chunk.records(), StandardCharsets.UTF_8);
      int start = 0;
      while (start < text.length()) {
        int end = text.indexOf('\n', start);
        String replayed = text.substring(start, end);
        start = end + 1;
        replayedCount++;
        String original = stored.next();
        if (original != null) {
          storedCount++;
        }
        compare(original, replayed);
      }
    }

    void drainStored() {
      for (String original = stored.next(); original != null; original = stored.next()) {
        storedCount++;
        compare(original, null);
      }
    }

    private void compare(String original, String replayed) {
      total++;
      if (original != null && original.equals(replayed)) {
        matching++;
        return;
      }
      if (divergences.size() < shown) {
        ObjectNode divergence = divergences.addObject();
        divergence.put("index", total - 1);
        divergence.set("expected", CanonicalJson.recordForDisplay(original));
        divergence.set("actual", CanonicalJson.recordForDisplay(replayed));
      }
    }

    String datasetSha256() {
      return HexFormat.of().formatHex(dataset.digest());
    }
  }

  /**
   * Whether the replayed metrics hold every figure the snapshot stored, with the same value. A
   * figure added to the metrics after the snapshot was written (e.g. the per-turn breakdown) is not
   * a difference: the older snapshot never had it.
   */
  static boolean reproduces(JsonNode replayed, JsonNode stored) {
    if (stored.isObject()) {
      if (!replayed.isObject()) {
        return false;
      }
      for (var field : stored.properties()) {
        JsonNode other = replayed.get(field.getKey());
        if (other == null || !reproduces(other, field.getValue())) {
          return false;
        }
      }
      return true;
    }
    return CanonicalJson.line(replayed).equals(CanonicalJson.line(stored));
  }
}
