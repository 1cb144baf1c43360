package dev.testops.app.server;

import java.util.Map;

/**
 * A problem the HTTP edge finds itself (a malformed or oversized body, a missing token, a locked
 * legacy route): it carries its status, its problem type and any headers it needs. Problems the
 * core finds are {@link dev.testops.core.TestOpsException}s, translated in {@link Problems}.
 */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status. */
  final int status;

  /** The last segment of the problem type URI, e.g. {@code malformed-json}. */
  final String type;

  /** Extra response headers, e.g. {@code Allow} or {@code WWW-Authenticate}. */
  final transient Map<String, String> headers;

  private HttpProblem(int status, String type, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.headers = Map.copyOf(headers);
  }

  static HttpProblem malformed(String detail) {
    return new HttpProblem(400, "malformed-request", detail, Map.of());
  }

  static HttpProblem wrongPhrase(String detail) {
    return new HttpProblem(400, "wrong-phrase", detail, Map.of());
  }

  static HttpProblem unauthorized(String detail) {
    return new HttpProblem(
        401, "unauthorized", detail, Map.of("WWW-Authenticate", "Bearer realm=\"testops\""));
  }

  static HttpProblem forbidden(String detail) {
    return new HttpProblem(403, "forbidden", detail, Map.of());
  }

  static HttpProblem noRoute(String detail) {
    return new HttpProblem(404, "no-such-route", detail, Map.of());
  }

  static HttpProblem notReady(String detail) {
    return new HttpProblem(404, "not-ready", detail, Map.of());
  }

  static HttpProblem methodNotAllowed(String detail, String allow) {
    return new HttpProblem(405, "method-not-allowed", detail, Map.of("Allow", allow));
  }

  static HttpProblem tooLarge(String detail) {
    return new HttpProblem(413, "body-too-large", detail, Map.of());
  }

  static HttpProblem unsupportedMediaType(String detail) {
    return new HttpProblem(
        415, "unsupported-media-type", detail, Map.of("Accept", "application/json"));
  }

  static HttpProblem idempotencyKeyReused(String detail) {
    return new HttpProblem(422, "idempotency-key-reused", detail, Map.of());
  }

  static HttpProblem locked(String detail) {
    return new HttpProblem(423, "testing-locked", detail, Map.of());
  }

  static HttpProblem unavailable(String detail, int retryAfterSeconds) {
    return new HttpProblem(
        503, "unavailable", detail, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
  }

  /** A status the container reported (an error dispatch), with no more detail than its code. */
  static HttpProblem ofStatus(int status, String detail) {
    return new HttpProblem(status, "http-" + status, detail, Map.of());
  }
}
