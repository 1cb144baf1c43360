package dev.testops.app.server;

import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.bundle.RunBundle;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.PhaseRun;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The aggregated result of a run (seed 003's {@code /tests/result}): its state, each phase with its
 * summary, the replay's determinism score, where the snapshot and bundle are, and every artifact
 * with its size and SHA-256. Paths are relative to the TestOps home.
 */
final class Results {
  private Results() {}

  static ObjectNode of(Run run, List<RunStore.Artifact> artifacts, ArtifactHome home) {
    ObjectNode json = CanonicalJson.object();
    json.put("run_id", run.id());
    json.put("status", run.status().wireName());
    json.put("reason", run.reason());
    json.put("progress", run.progress());
    json.put("suite", run.request().suite());
    RunJson.time(json, "created_at", run.createdAt());
    RunJson.time(json, "started_at", run.startedAt());
    RunJson.time(json, "finished_at", run.finishedAt());
    var phases = json.putArray("phases");
    JsonNode score = null;
    for (PhaseRun phase : run.phases()) {
      ObjectNode p = phases.addObject();
      p.put("name", phase.name());
      p.put("status", phase.status().wireName());
      JsonNode summary = RunJson.summary(phase);
      p.set("summary", summary);
      if (phase.name().equals("replay") && summary.has("determinism_score")) {
        score = summary.get("determinism_score");
      }
    }
    if (score == null) {
      json.putNull("determinism_score");
    } else {
      json.set("determinism_score", score);
    }
    json.put("snapshot", relative(home, home.snapshot(run.id())));
    json.put("bundle", relative(home, RunBundle.path(home, run.id())));
    var list = json.putArray("artifacts");
    for (RunStore.Artifact artifact : artifacts) {
      ObjectNode a = list.addObject();
      a.put("kind", artifact.kind());
      a.put("path", artifact.path());
      a.put("size_bytes", artifact.sizeBytes());
      a.put("sha256", artifact.sha256());
    }
    ObjectNode links = json.putObject("links");
    links.put("status", "/tests/status/" + run.id());
    links.put("stream", "/tests/stream/" + run.id());
    links.put("bundle", "/tests/bundle/" + run.id());
    return json;
  }

  /** The path relative to the home when the file exists, else {@code null}. */
  private static String relative(ArtifactHome home, Path file) {
    return Files.isRegularFile(file)
        ? home.root().relativize(file).toString().replace('\\', '/')
        : null;
  }
}
