package dev.testops.core.report;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.PhaseRun;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunStatus;
import dev.testops.core.run.RunStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The master report of a run ({@code testops.report}, schema 1): the verdict, the phases, and every
 * figure the run's phases stored, read back from the artifacts the run recorded. It is a function
 * of the stored run and its files only, so rendering it again later gives the same bytes.
 */
public final class MasterReport {
  /** The {@code kind} field. */
  public static final String KIND = "testops.report";

  /** The schema version; bumped when a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  /** Artifacts written with or after the report; listing them would make it depend on itself. */
  private static final Set<String> LATER_KINDS = Set.of("report", "report-html", "bundle");

  private MasterReport() {}

  /**
   * Builds the report of a finished run.
   *
   * @param artifacts what the run recorded, in recording order
   * @throws TestOpsException.CorruptArtifact when a recorded artifact cannot be read as JSON
   */
  public static ObjectNode build(Run run, ArtifactHome home, List<RunStore.Artifact> artifacts) {
    ObjectNode json = CanonicalJson.object();
    json.put("kind", KIND);
    json.put("schema_version", SCHEMA_VERSION);
    json.put("run_id", run.id());
    ObjectNode verdict = json.putObject("verdict");
    verdict.put("status", run.status().wireName());
    verdict.put("gate", run.status() == RunStatus.PASSED ? "go" : "no-go");
    verdict.put("reason", run.reason());
    json.set("run", runJson(run));
    ArrayNode phases = json.putArray("phases");
    for (PhaseRun phase : run.phases()) {
      ObjectNode p = phases.addObject();
      p.put("name", phase.name());
      p.put("status", phase.status().wireName());
      time(p, "started_at", phase.startedAt());
      time(p, "finished_at", phase.finishedAt());
      duration(p, phase.startedAt(), phase.finishedAt());
      p.set("summary", CanonicalJson.parse(summaryBytes(phase), "summary of " + phase.name()));
    }
    JsonNode snapshot = lastJson(home, artifacts, "snapshot");
    JsonNode engine = snapshot == null ? null : snapshot.get("engine");
    json.set("engine", engine == null ? engineFromRequest(run) : engine);
    json.set("inputs", inputs(run, snapshot));
    JsonNode metrics = snapshot == null ? null : snapshot.path("metrics");
    json.set("sim", metrics == null ? null : metrics.get("sim"));
    json.set("determinism", lastJson(home, artifacts, "determinism"));
    json.set("load", lastJson(home, artifacts, "load"));
    json.set("warroom", warRoom(home, artifacts, run.finishedAt()));
    ArrayNode list = json.putArray("artifacts");
    for (RunStore.Artifact artifact : artifacts) {
      if (LATER_KINDS.contains(artifact.kind())) {
        continue;
      }
      ObjectNode a = list.addObject();
      a.put("kind", artifact.kind());
      a.put("path", artifact.path());
      a.put("bytes", artifact.sizeBytes());
      a.put("sha256", artifact.sha256());
    }
    return json;
  }

  /**
   * The few fields {@code reports/index.html} lists, at the same paths as in the full report, from
   * the stored run alone (its phase summaries): listing many runs reads no report file.
   */
  public static ObjectNode indexEntry(Run run) {
    ObjectNode json = CanonicalJson.object();
    json.put("run_id", run.id());
    json.putObject("verdict").put("status", run.status().wireName());
    ObjectNode runJson = json.putObject("run");
    runJson.put("suite", run.request().suite());
    time(runJson, "finished_at", run.finishedAt());
    duration(runJson, run.startedAt(), run.finishedAt());
    for (PhaseRun phase : run.phases()) {
      JsonNode summary = CanonicalJson.parse(summaryBytes(phase), "summary of " + phase.name());
      if (phase.name().equals("sim") && summary.has("requests")) {
        json.putObject("sim").set("requests", summary.get("requests"));
      } else if (phase.name().equals("replay") && summary.has("determinism_score")) {
        json.putObject("determinism").set("determinism_score", summary.get("determinism_score"));
      }
    }
    return json;
  }

  private static ObjectNode runJson(Run run) {
    ObjectNode json = CanonicalJson.object();
    json.put("suite", run.request().suite());
    time(json, "created_at", run.createdAt());
    time(json, "started_at", run.startedAt());
    time(json, "finished_at", run.finishedAt());
    duration(json, run.startedAt(), run.finishedAt());
    json.set("request", run.request().toJson());
    return json;
  }

  private static ObjectNode engineFromRequest(Run run) {
    ObjectNode json = CanonicalJson.object();
    json.put("id", run.request().engineId());
    ObjectNode options = json.putObject("options");
    run.request().engineOptions().forEach(options::put);
    return json;
  }

  /** The seeds and scale that produced the figures: from the snapshot when one was written. */
  private static ObjectNode inputs(Run run, JsonNode snapshot) {
    ObjectNode json = CanonicalJson.object();
    if (snapshot == null) {
      json.set("dataset", run.request().toJson().path("dataset"));
      return json;
    }
    for (String field : List.of("seed", "seed_source", "profile", "scale", "dataset", "records")) {
      if (snapshot.has(field)) {
        json.set(field, snapshot.get(field));
      }
    }
    return json;
  }

  /** The run's war-room entries up to the end of the run. */
  private static ArrayNode warRoom(
      ArtifactHome home, List<RunStore.Artifact> artifacts, Instant until) {
    ArrayNode entries = CanonicalJson.array();
    Path file = lastPath(home, artifacts, "warroom");
    if (file == null) {
      return entries;
    }
    for (String line : readLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry = CanonicalJson.parse(line.getBytes(StandardCharsets.UTF_8), file.toString());
      if (until != null && Instant.parse(entry.path("at").asString()).isAfter(until)) {
        continue;
      }
      ObjectNode e = entries.addObject();
      for (String field : List.of("at", "phase", "severity", "message", "remediation")) {
        if (entry.has(field)) {
          e.set(field, entry.get(field));
        }
      }
    }
    return entries;
  }

  private static JsonNode lastJson(ArtifactHome home, List<RunStore.Artifact> artifacts, String k) {
    Path file = lastPath(home, artifacts, k);
    if (file == null) {
      return null;
    }
    try {
      return CanonicalJson.parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot read " + file + ": " + e, e);
    }
  }

  private static Path lastPath(ArtifactHome home, List<RunStore.Artifact> artifacts, String kind) {
    Path found = null;
    for (RunStore.Artifact artifact : artifacts) {
      if (artifact.kind().equals(kind)) {
        found = home.inside(Path.of(artifact.path()));
      }
    }
    if (found != null && !Files.isRegularFile(found)) {
      throw new TestOpsException.CorruptArtifact(
          "the run recorded " + kind + " " + found + " but the file is gone");
    }
    return found;
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot read " + file + ": " + e, e);
    }
  }

  private static byte[] summaryBytes(PhaseRun phase) {
    String summary = phase.summary() == null || phase.summary().isBlank() ? "{}" : phase.summary();
    return summary.getBytes(StandardCharsets.UTF_8);
  }

  private static void time(ObjectNode json, String field, Instant at) {
    json.put(field, at == null ? null : at.toString());
  }

  private static void duration(ObjectNode json, Instant from, Instant to) {
    if (from == null || to == null) {
      json.putNull("duration_seconds");
      return;
    }
    json.put("duration_seconds", CanonicalJson.ratio(Duration.between(from, to).toMillis(), 1000));
  }
}
