package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one table that turns an error into an HTTP status and an {@code application/problem+json}
 * body (RFC 9457: type, title, status, detail, instance). No stack trace ever reaches a client; an
 * unexpected error is logged with a reference the client sees.
 *
 * <pre>
 *  edge problems (HttpProblem)  their own status: 400 malformed body, 401, 403, 404 no such route
 *                               or bundle not ready, 405, 413 body over the cap, 415, 422 an
 *                               idempotency key reused with another body, 423 testing locked,
 *                               503 too many event streams
 *  InvalidInput                 422 invalid-input (a field, a suite, a phase, a profile)
 *  CeilingExceeded              422 ceiling-exceeded (users over the SIM ceiling)
 *  NotFound                     404 not-found (a run, a snapshot, an engine)
 *  Conflict                     409 conflict (cancel of an ended run, an illegal transition)
 *  CorruptArtifact              500 corrupt-artifact (stored data is damaged: the server's fault)
 *  EngineFailure                502 engine-failure (the engine, possibly remote, failed)
 *  StorageFailure               503 storage-failure (disk or database; retrying may help)
 *  other TestOpsException       500 testops-error
 *  anything else                500 internal-error, detail = a reference to the server log
 * </pre>
 */
final class Problems {
  /** Problem types are URNs: stable names, not links to pages that may not exist. */
  static final String TYPE_PREFIX = "urn:testops:problem:";

  private static final System.Logger LOG = System.getLogger(Problems.class.getName());

  private Problems() {}

  /** Renders an error raised while handling the request to {@code instance}. */
  static ServerResponse render(Throwable error, String instance) {
    if (error instanceof HttpProblem p) {
      return response(p.status, p.type, p.getMessage(), instance, p.headers);
    }
    if (error instanceof TestOpsException.CeilingExceeded) {
      return response(422, "ceiling-exceeded", error.getMessage(), instance, Map.of());
    } else if (error instanceof TestOpsException.InvalidInput) {
      return response(422, "invalid-input", error.getMessage(), instance, Map.of());
    } else if (error instanceof TestOpsException.NotFound) {
      return response(404, "not-found", error.getMessage(), instance, Map.of());
    } else if (error instanceof TestOpsException.Conflict) {
      return response(409, "conflict", error.getMessage(), instance, Map.of());
    } else if (error instanceof TestOpsException.CorruptArtifact) {
      return logged(500, "corrupt-artifact", error, instance);
    } else if (error instanceof TestOpsException.EngineFailure) {
      return logged(502, "engine-failure", error, instance);
    } else if (error instanceof TestOpsException.StorageFailure) {
      return logged(503, "storage-failure", error, instance);
    } else if (error instanceof TestOpsException) {
      return logged(500, "testops-error", error, instance);
    }
    // A reference that ties the answer to the server log line; it never reaches a snapshot or
    // report.
    String ref = UUID.randomUUID().toString();
    LOG.log(System.Logger.Level.ERROR, "internal error " + ref + " on " + instance, error);
    return response(
        500,
        "internal-error",
        "internal error; see the server log, ref " + ref,
        instance,
        Map.of());
  }

  /** A server-side failure the core named: the client gets its one-line message, the log more. */
  private static ServerResponse logged(int status, String type, Throwable error, String instance) {
    LOG.log(System.Logger.Level.WARNING, type + " on " + instance + ": " + error.getMessage());
    return response(status, type, error.getMessage(), instance, Map.of());
  }

  /** The problem document and its response. */
  static ServerResponse response(
      int status, String type, String detail, String instance, Map<String, String> headers) {
    return ServerResponse.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .headers(h -> headers.forEach(h::set))
        .body(document(status, type, detail, instance));
  }

  /** The problem document's bytes (UTF-8), also for errors the container answers itself. */
  static byte[] document(int status, String type, String detail, String instance) {
    ObjectNode body = CanonicalJson.object();
    body.put("type", TYPE_PREFIX + type);
    HttpStatus known = HttpStatus.resolve(status);
    body.put("title", known != null ? known.getReasonPhrase() : "HTTP " + status);
    body.put("status", status);
    body.put("detail", detail == null ? "" : detail);
    body.put("instance", instance);
    return CanonicalJson.line(body).getBytes(StandardCharsets.UTF_8);
  }
}
