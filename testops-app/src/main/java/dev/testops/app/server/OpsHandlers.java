package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import dev.testops.core.TestOpsVersion;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.compare.SnapshotCompare;
import dev.testops.core.run.RunService;
import dev.testops.core.run.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.node.ObjectNode;

/** Health and snapshot compare. */
final class OpsHandlers {
  /** A run id or a folder under {@code snapshots/} (e.g. {@code golden}): no separators. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final int SHOWN_RECORDS = 5;

  private final RunService service;
  private final Bodies bodies;
  private final EventStreams streams;
  private final int concurrency;

  OpsHandlers(RunService service, Bodies bodies, EventStreams streams, int concurrency) {
    this.service = service;
    this.bodies = bodies;
    this.streams = streams;
    this.concurrency = concurrency;
  }

  /** {@code GET /v1/health}: 200 when the store answers, 503 when it does not. */
  ServerResponse health(ServerRequest request) {
    ObjectNode json = CanonicalJson.object();
    json.put("version", TestOpsVersion.get());
    ObjectNode store = json.putObject("store");
    ObjectNode queue = json.putObject("queue");
    boolean ok;
    try {
      queue.put("queued", service.count(Optional.of(RunStatus.QUEUED)));
      queue.put("running", service.count(Optional.of(RunStatus.RUNNING)));
      ok = true;
    } catch (RuntimeException e) {
      store.put("error", e.getMessage());
      ok = false;
    }
    store.put("ok", ok);
    queue.put("concurrency", concurrency);
    ObjectNode events = json.putObject("event_streams");
    events.put("open", streams.openCount());
    events.put("max", streams.maxClients());
    events.put("threads", Threads.virtual() ? "virtual" : "platform");
    json.put("status", ok ? "ok" : "unavailable");
    return Replies.json(ok ? 200 : 503, json);
  }

  /**
   * {@code POST /v1/snapshots/compare} with {@code {"base": "<run id or folder>", "target": ...}}:
   * the diff, also written to {@code reports/snapshot_diff.txt} and {@code .json} as the CLI does.
   */
  ServerResponse compare(ServerRequest request) throws IOException {
    ObjectNode body =
        bodies
            .object(request)
            .orElseThrow(() -> new TestOpsException.InvalidInput("give 'base' and 'target'"));
    Bodies.onlyFields(body, "", "base", "target");
    ArtifactHome home = service.home();
    Path base = locate(home, "base", Bodies.string(body, "", "base"));
    Path target = locate(home, "target", Bodies.string(body, "", "target"));
    ObjectNode diff = new SnapshotCompare(SHOWN_RECORDS).compare(base, target);
    SnapshotCompare.writeReports(home, diff);
    return Replies.json(200, diff);
  }

  /** A run's snapshot, or a folder of snapshots under {@code snapshots/}. */
  private static Path locate(ArtifactHome home, String field, Optional<String> name) {
    if (name.isEmpty() || !NAME.matcher(name.get()).matches()) {
      throw new TestOpsException.InvalidInput(
          "field '"
              + field
              + "' must name a run or a folder under snapshots/ (1-64 letters, digits, '.', '_',"
              + " '-')");
    }
    Path folder = home.inside(home.snapshots().resolve(name.get()));
    if (Files.isDirectory(folder)) {
      return folder;
    }
    Path file = home.snapshot(name.get());
    if (!Files.isRegularFile(file)) {
      throw new TestOpsException.NotFound(
          field
              + ": no snapshot of run '"
              + name.get()
              + "' and no folder snapshots/"
              + name.get());
    }
    return file;
  }
}
