package dev.testops.core.snapshot;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.Channel;
import dev.testops.core.artifact.Output;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.dataset.Persona;
import dev.testops.core.dataset.SimProfile;
import dev.testops.core.engines.EngineOptionsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The snapshot file format, version {@value #SCHEMA_VERSION}. Documents of an older version are
 * read as they are; a newer version is refused with a message saying so.
 */
public final class SnapshotFormat {
  /** The schema version this TestOps writes and the newest it reads. */
  public static final int SCHEMA_VERSION = 1;

  /** The {@code kind} field of every snapshot. */
  public static final String KIND = "testops.snapshot";

  private SnapshotFormat() {}

  /** Renders a profile as the snapshot's {@code profile} object. */
  public static ObjectNode profileJson(SimProfile profile) {
    ObjectNode json = CanonicalJson.object();
    json.put("name", profile.name());
    json.put("turns_per_user", profile.turnsPerUser());
    json.put("arrival_window_seconds", profile.arrivalWindowSeconds());
    json.put("mean_think_time_millis", profile.meanThinkTimeMillis());
    ObjectNode mix = json.putObject("persona_mix");
    profile.personaMix().forEach((p, share) -> mix.put(p.wireName(), CanonicalJson.decimal(share)));
    return json;
  }

  /**
   * Writes a new snapshot document, whole or not at all. The snapshot's only writer, with {@link
   * #addMetrics}.
   */
  public static void write(Output output, Path file, ObjectNode document) {
    output.write(Channel.SNAPSHOT, file, CanonicalJson.pretty(document));
  }

  /**
   * Adds a later phase's figures to a snapshot under {@code metrics.<section>} (e.g. {@code load}),
   * leaving every other part as it was, whole or not at all.
   *
   * @throws TestOpsException.InvalidInput when the section is one the SIM wrote ({@code sim})
   * @throws TestOpsException.NotFound when there is no snapshot at the path
   */
  public static void addMetrics(Output output, Path file, String section, JsonNode figures) {
    if (section.equals("sim")) {
      throw new TestOpsException.InvalidInput("metrics.sim belongs to the SIM that made the run");
    }
    read(file);
    ObjectNode doc = (ObjectNode) CanonicalJson.parse(readBytes(file), "snapshot " + file);
    ((ObjectNode) doc.path("metrics")).set(section, figures);
    write(output, file, doc);
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TestOpsException.NotFound("no snapshot at " + file);
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads and validates a snapshot file.
   *
   * @throws TestOpsException.NotFound when the file does not exist
   * @throws TestOpsException.CorruptArtifact when it is not a valid snapshot, is truncated, or is
   *     of a newer schema version
   */
  public static Snapshot read(Path file) {
    JsonNode doc = CanonicalJson.parse(readBytes(file), "snapshot " + file);
    String where = "snapshot " + file;
    if (!doc.isObject() || !KIND.equals(doc.path("kind").asString(""))) {
      throw new TestOpsException.CorruptArtifact(where + " is not a TestOps snapshot (no kind)");
    }
    int version = requireInt(doc, "schema_version", where);
    if (version > SCHEMA_VERSION) {
      throw new TestOpsException.CorruptArtifact(
          where
              + " has schema version "
              + version
              + ", newer than this TestOps reads ("
              + SCHEMA_VERSION
              + "); upgrade TestOps");
    }
    JsonNode engine = doc.path("engine");
    JsonNode scale = doc.path("scale");
    JsonNode records = doc.path("records");
    return new Snapshot(
        file,
        requireText(doc, "run_id", where),
        requireText(engine, "id", where + " engine"),
        engine.path("provider").asString(engine.path("id").asString()),
        optionsOf(engine.path("options")),
        engine.has("effective_options")
            ? Optional.of(
                EngineOptionsJson.fromJson(engine.path("effective_options"), where + " engine"))
            : Optional.empty(),
        requireText(engine, "version", where + " engine"),
        requireLong(doc, "seed", where),
        profileOf(doc.path("profile"), where),
        requireInt(scale, "users", where + " scale"),
        requireText(scale, "suite", where + " scale"),
        requireText(doc.path("dataset"), "sha256", where + " dataset"),
        requireFileName(records, where),
        requireText(records, "sha256", where + " records"),
        requireLong(records, "count", where + " records"),
        doc);
  }

  private static java.util.Map<String, String> optionsOf(JsonNode options) {
    var values = new java.util.TreeMap<String, String>();
    options.properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
    return values;
  }

  private static SimProfile profileOf(JsonNode json, String where) {
    Map<Persona, Double> mix = new EnumMap<>(Persona.class);
    try {
      json.path("persona_mix")
          .properties()
          .forEach(e -> mix.put(Persona.fromWireName(e.getKey()), e.getValue().doubleValue()));
      return new SimProfile(
          requireText(json, "name", where + " profile"),
          requireInt(json, "turns_per_user", where + " profile"),
          mix,
          requireInt(json, "arrival_window_seconds", where + " profile"),
          requireLong(json, "mean_think_time_millis", where + " profile"));
    } catch (IllegalArgumentException e) {
      throw new TestOpsException.CorruptArtifact(where + ": " + e.getMessage(), e);
    }
  }

  private static String requireFileName(JsonNode records, String where) {
    String name = requireText(records, "file", where + " records");
    if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new TestOpsException.CorruptArtifact(
          where + " names a records file outside its folder: " + name);
    }
    return name;
  }

  private static String requireText(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isString() || value.asString().isEmpty()) {
      throw new TestOpsException.CorruptArtifact(where + " lacks the text field '" + field + "'");
    }
    return value.asString();
  }

  private static int requireInt(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new TestOpsException.CorruptArtifact(
          where + " lacks the integer field '" + field + "'");
    }
    return value.intValue();
  }

  private static long requireLong(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new TestOpsException.CorruptArtifact(
          where + " lacks the integer field '" + field + "'");
    }
    return value.longValue();
  }
}
