package dev.testops.app.server;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.PhaseRun;
import dev.testops.core.run.Run;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON forms of runs the API answers with (times are ISO-8601 UTC, absent ones null). */
final class RunJson {
  private RunJson() {}

  /** A run: state, progress, phases with their summaries, the request and links. */
  static ObjectNode run(Run run) {
    ObjectNode json = CanonicalJson.object();
    json.put("id", run.id());
    json.put("status", run.status().wireName());
    json.put("progress", run.progress());
    json.put("suite", run.request().suite());
    var phases = json.putArray("phases");
    for (PhaseRun phase : run.phases()) {
      ObjectNode p = phases.addObject();
      p.put("name", phase.name());
      p.put("status", phase.status().wireName());
      p.put("progress", phase.progress());
      time(p, "started_at", phase.startedAt());
      time(p, "finished_at", phase.finishedAt());
      p.set("summary", summary(phase));
    }
    time(json, "created_at", run.createdAt());
    time(json, "started_at", run.startedAt());
    time(json, "finished_at", run.finishedAt());
    json.put("reason", run.reason());
    json.set("request", run.request().toJson());
    ObjectNode links = json.putObject("links");
    String self = "/v1/test-runs/" + run.id();
    links.put("self", self);
    links.put("events", self + "/events");
    links.put("cancel", self + "/cancel");
    return json;
  }

  /** A page of the history. */
  static ObjectNode page(List<Run> runs, int page, int size, long total) {
    ObjectNode json = CanonicalJson.object();
    var items = json.putArray("items");
    runs.forEach(run -> items.add(run(run)));
    json.put("page", page);
    json.put("size", size);
    json.put("total", total);
    return json;
  }

  /** A phase's summary as an object ({@code {}} until it ends). */
  static JsonNode summary(PhaseRun phase) {
    return CanonicalJson.parse(phase.summary().getBytes(StandardCharsets.UTF_8), "phase summary");
  }

  static void time(ObjectNode json, String field, Instant at) {
    if (at == null) {
      json.putNull(field);
    } else {
      json.put(field, at.toString());
    }
  }
}
