package dev.testops.enginehttp;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What the server answers to one request, before it becomes a Netty response: built off the event
 * loop, held until its turn (and its modelled latency), then written.
 *
 * @param status the HTTP status
 * @param body the JSON body
 * @param latencyMicros the modelled latency to wait in {@link LatencyMode#MODEL}, 0 for none
 * @param allow the {@code Allow} header of a 405, else {@code null}
 */
record Reply(HttpResponseStatus status, byte[] body, long latencyMicros, String allow) {

  static Reply ok(byte[] body) {
    return new Reply(HttpResponseStatus.OK, body, 0, null);
  }

  static Reply processed(byte[] body, long latencyMicros) {
    return new Reply(HttpResponseStatus.OK, body, latencyMicros, null);
  }

  static Reply error(HttpResponseStatus status, String message) {
    return new Reply(status, WireFormat.writeError(message), 0, null);
  }

  static Reply methodNotAllowed(String allow, String message) {
    return new Reply(
        HttpResponseStatus.METHOD_NOT_ALLOWED, WireFormat.writeError(message), 0, allow);
  }
}
