package dev.testops.enginehttp;

import dev.testops.engine.EngineException;
import java.time.Duration;

/**
 * The messages of the {@code http} engine's failures, one place for both of its transports, so a
 * failure reads the same whichever carried the request. Immutable.
 */
final class Failures {
  private final String url;
  private final String timeout;

  Failures(String url, Duration timeout) {
    this.url = url;
    this.timeout = timeout.toMillis() + " ms";
  }

  EngineException refused(Throwable cause) {
    return new EngineException("engine at " + url + " refused the connection", cause);
  }

  EngineException connectTimeout(Throwable cause) {
    return new EngineException(
        "engine at " + url + " did not accept the connection within " + timeout, cause);
  }

  EngineException noAnswer(String path, Throwable cause) {
    return new EngineException(
        "engine at " + url + " did not answer " + path + " within " + timeout, cause);
  }

  EngineException failed(String path, Object what, Throwable cause) {
    return new EngineException("engine at " + url + " failed on " + path + ": " + what, cause);
  }

  EngineException invalidAnswer(String path, WireFormat.MalformedPayload cause) {
    return new EngineException(
        "engine at " + url + " sent an invalid " + path + " answer: " + cause.getMessage(), cause);
  }

  /**
   * A status other than 200: a 500 with an error body is the engine's own failure and carries its
   * words unchanged, as in process; anything else names the status.
   */
  EngineException status(String path, int status, byte[] body) {
    String message = WireFormat.readError(body);
    if (status == 500 && message != null) {
      return new EngineException(message);
    }
    return new EngineException(
        "engine at "
            + url
            + " answered "
            + path
            + " with HTTP "
            + status
            + (message == null ? "" : ": " + message));
  }

  EngineException closed() {
    return new EngineException("the http engine for " + url + " is closed");
  }

  EngineException interrupted(Throwable cause) {
    return new EngineException("interrupted while waiting for the engine at " + url, cause);
  }
}
