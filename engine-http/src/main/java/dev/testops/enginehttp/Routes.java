package dev.testops.enginehttp;

import dev.testops.engine.Engine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;

/**
 * The route table of the engine protocol ({@code engine-api/PROTOCOL.md}) and the one call per
 * route into the engine: parse, call, serialise. Thread-safe when the engine is.
 */
final class Routes {
  static final String HEALTH = "/health";
  static final String DESCRIBE = "/describe";
  static final String PROCESS = "/process";

  private static final byte[] HEALTHY = WireFormat.writeHealthy();

  private final Engine engine;

  /** Serialised once: an engine's descriptor is constant for its life. */
  private final byte[] descriptor;

  Routes(Engine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.descriptor = WireFormat.writeDescriptor(engine.describe());
  }

  /** Whether the request goes to {@link #process}, off the event loop. */
  static boolean isProcess(HttpMethod method, String path) {
    return PROCESS.equals(path) && HttpMethod.POST.equals(method);
  }

  /** Answers every request that is not a {@code POST /process}; cheap enough for an event loop. */
  Reply answer(HttpMethod method, String path) {
    return switch (path) {
      case HEALTH -> HttpMethod.GET.equals(method) ? Reply.ok(HEALTHY) : wrongMethod("GET", path);
      case DESCRIBE ->
          HttpMethod.GET.equals(method) ? Reply.ok(descriptor) : wrongMethod("GET", path);
      case PROCESS -> wrongMethod("POST", path);
      default ->
          Reply.error(
              HttpResponseStatus.NOT_FOUND,
              "no route "
                  + path
                  + "; the engine protocol has GET /health, GET /describe and"
                  + " POST /process");
    };
  }

  /**
   * Runs one {@code POST /process}: 400 for a body the protocol does not allow, 500 with the
   * engine's message when it fails, else 200 with the response and its modelled latency.
   */
  Reply process(byte[] body) {
    EngineRequest request;
    try {
      request = WireFormat.readRequest(body);
    } catch (WireFormat.MalformedPayload e) {
      return Reply.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
    }
    EngineResponse response;
    try {
      response = engine.process(request);
    } catch (EngineException e) {
      // The engine's own words, unchanged: the http client rethrows them as the same message.
      String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      return Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, message);
    } catch (RuntimeException e) {
      return Reply.error(
          HttpResponseStatus.INTERNAL_SERVER_ERROR,
          "engine failed unexpectedly: " + e.getClass().getName() + ": " + e.getMessage());
    }
    return Reply.processed(WireFormat.writeResponse(response), response.latencyMicros());
  }

  private static Reply wrongMethod(String allowed, String path) {
    return Reply.methodNotAllowed(allowed, path + " takes " + allowed);
  }
}
