package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import dev.testops.core.bundle.RunBundle;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunService;
import dev.testops.core.run.RunStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy routes of seeds 000 and 003: the BEGIN TESTING unlock, {@code /tests/run} (the {@code
 * regression_core} suite), {@code /tests/run_all} (the {@code full} suite), status, stream, result
 * and bundle. {@code /tests/report/{run_id}} arrives with the reports; until then it is not routed.
 */
final class LegacyHandlers {
  private final RunService service;
  private final Bodies bodies;
  private final Interlock interlock;
  private final EventStreams streams;

  LegacyHandlers(RunService service, Bodies bodies, Interlock interlock, EventStreams streams) {
    this.service = service;
    this.bodies = bodies;
    this.interlock = interlock;
    this.streams = streams;
  }

  /** {@code POST /begin} with {@code {"phrase": "BEGIN TESTING"}}. */
  ServerResponse begin(ServerRequest request) throws IOException {
    ObjectNode body =
        bodies
            .object(request)
            .orElseThrow(() -> HttpProblem.wrongPhrase("send {\"phrase\": \"BEGIN TESTING\"}"));
    Bodies.onlyFields(body, "", "phrase");
    Instant until = interlock.unlock(Bodies.string(body, "", "phrase").orElse(null));
    ObjectNode json = CanonicalJson.object();
    json.put("unlocked", true);
    json.put("unlocked_until", until.toString());
    json.put("window_seconds", interlock.window().toSeconds());
    return Replies.json(200, json);
  }

  /** {@code POST /tests/run}: the Section 2 run ({@code regression_core} unless the body says). */
  ServerResponse run(ServerRequest request) throws IOException {
    return start(request, "regression_core");
  }

  /** {@code POST /tests/run_all}: the {@code full} suite unless the body says otherwise. */
  ServerResponse runAll(ServerRequest request) throws IOException {
    return start(request, "full");
  }

  private ServerResponse start(ServerRequest request, String suite) throws IOException {
    interlock.requireUnlocked();
    var submission = Submissions.read(bodies.object(request), suite);
    RunStore.Created created = Submissions.submit(service, submission, request);
    Run run = created.run();
    ObjectNode json = CanonicalJson.object();
    json.put("run_id", run.id());
    json.put("status", run.status().wireName());
    ObjectNode links = json.putObject("links");
    links.put("status", "/tests/status/" + run.id());
    links.put("stream", "/tests/stream/" + run.id());
    links.put("result", "/tests/result/" + run.id());
    links.put("bundle", "/tests/bundle/" + run.id());
    return Replies.json(created.existing() ? 200 : 202, json, "/tests/status/" + run.id());
  }

  /** {@code GET /tests/status/{run_id}}: the run. */
  ServerResponse status(ServerRequest request) {
    return Replies.json(200, RunJson.run(service.get(request.pathVariable("run_id"))));
  }

  /** {@code GET /tests/stream/{run_id}}: SSE, as {@code /v1/test-runs/{id}/events}. */
  ServerResponse stream(ServerRequest request) {
    return streams.open(request, request.pathVariable("run_id"));
  }

  /** {@code GET /tests/result/{run_id}}: the aggregated result. */
  ServerResponse result(ServerRequest request) {
    Run run = service.get(request.pathVariable("run_id"));
    return Replies.json(200, Results.of(run, service.artifacts(run.id()), service.home()));
  }

  /** {@code GET /tests/bundle/{run_id}}: the run's tar.gz, once it is written. */
  ServerResponse bundle(ServerRequest request) {
    Run run = service.get(request.pathVariable("run_id"));
    Path file = RunBundle.path(service.home(), run.id());
    if (!Files.isRegularFile(file)) {
      throw HttpProblem.notReady(
          "bundle not ready: snapshots/run-" + run.id() + ".tar.gz is written when the run ends");
    }
    try {
      return ServerResponse.ok()
          .contentType(MediaType.parseMediaType("application/gzip"))
          .contentLength(Files.size(file))
          .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
          .body(new FileSystemResource(file));
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
