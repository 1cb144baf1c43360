package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunService;
import dev.testops.core.run.RunStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/test-runs/{id}/artifacts} and {@code GET /v1/test-runs/{id}/artifacts/{name}}: the
 * files a run recorded, read-only. An artifact's name is its path under the home as the run
 * recorded it (e.g. {@code snapshots/run-<id>.json}), so the relative links of a report resolve
 * under this route exactly as they do on disk. Only recorded names are served, and only when the
 * file lies under the artifact root once symbolic links are resolved.
 */
final class ArtifactHandlers {
  /** The route's prefix; {@link #href} is the one place that builds a link to an artifact. */
  static final String PREFIX = "/v1/test-runs/";

  private static final String SEGMENT = "/artifacts/";

  private final RunService service;

  ArtifactHandlers(RunService service) {
    this.service = service;
  }

  /** {@code GET /v1/test-runs/{id}/artifacts}: name, kind, size, SHA-256, type and link of each. */
  ServerResponse list(ServerRequest request) {
    Run run = service.get(request.pathVariable("id"));
    ObjectNode json = CanonicalJson.object();
    json.put("run_id", run.id());
    ArrayNode list = json.putArray("artifacts");
    for (RunStore.Artifact artifact : recorded(run.id()).values()) {
      ObjectNode a = list.addObject();
      a.put("name", artifact.path());
      a.put("kind", artifact.kind());
      a.put("size", artifact.sizeBytes());
      a.put("sha256", artifact.sha256());
      a.put("content_type", contentType(artifact.path()).toString());
      a.put("href", href(run.id(), artifact.path()));
    }
    return Replies.json(200, json);
  }

  /** {@code GET /v1/test-runs/{id}/artifacts/{name}}: one recorded file, as it is on disk. */
  ServerResponse get(ServerRequest request) {
    Run run = service.get(request.pathVariable("id"));
    String name = request.pathVariable("name");
    name = name.startsWith("/") ? name.substring(1) : name;
    requireRelative(name);
    RunStore.Artifact artifact = recorded(run.id()).get(name);
    if (artifact == null) {
      throw new TestOpsException.NotFound(
          "run " + run.id() + " recorded no artifact named " + name + " (see " + list(run) + ")");
    }
    Path file = service.home().existing(Path.of(artifact.path()));
    try {
      return ServerResponse.ok()
          .contentType(contentType(name))
          .contentLength(Files.size(file))
          .header("X-Content-Type-Options", "nosniff")
          .body(new FileSystemResource(file));
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  /** The link to an artifact of a run. */
  static String href(String runId, String name) {
    return PREFIX + runId + SEGMENT + name;
  }

  private static String list(Run run) {
    return PREFIX + run.id() + "/artifacts";
  }

  /** The run's artifacts by name; a file recorded twice is listed once, as last recorded. */
  private Map<String, RunStore.Artifact> recorded(String runId) {
    Map<String, RunStore.Artifact> byName = new LinkedHashMap<>();
    List<RunStore.Artifact> artifacts = service.artifacts(runId);
    for (RunStore.Artifact artifact : artifacts) {
      byName.remove(artifact.path());
      byName.put(artifact.path(), artifact);
    }
    return byName;
  }

  /** Names are relative paths of plain segments: no root, no {@code .}, {@code ..} or empty one. */
  private static void requireRelative(String name) {
    if (name.isEmpty()) {
      throw HttpProblem.malformed("an artifact name is missing; the run's artifacts are listed");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty()
          || segment.equals(".")
          || segment.equals("..")
          || segment.indexOf('\\') >= 0
          || segment.indexOf(':') >= 0
          || segment.chars().anyMatch(c -> c < 0x20)) {
        throw HttpProblem.malformed(
            "artifact names are relative paths under the artifact root, without empty, '.' or"
                + " '..' segments: "
                + name);
      }
    }
  }

  private static MediaType contentType(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".html")) {
      return new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);
    } else if (lower.endsWith(".json")) {
      return MediaType.APPLICATION_JSON;
    } else if (lower.endsWith(".jsonl")) {
      return new MediaType("application", "jsonl");
    } else if (lower.endsWith(".gz")) {
      return new MediaType("application", "gzip");
    } else if (lower.endsWith(".xml")) {
      return MediaType.APPLICATION_XML;
    } else if (lower.endsWith(".log") || lower.endsWith(".txt")) {
      return new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8);
    }
    return MediaType.APPLICATION_OCTET_STREAM;
  }
}
