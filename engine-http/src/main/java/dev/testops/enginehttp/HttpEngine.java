package dev.testops.enginehttp;

import dev.testops.engine.Engine;
import dev.testops.engine.EngineDescriptor;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * An engine at a URL, reached over the engine HTTP protocol with the JDK's {@link HttpClient}
 * (keep-alive connections, pooled by the client). Immutable apart from closing; thread-safe.
 */
final class HttpEngine implements Engine {
  private static final String JSON = "application/json";

  private final String url;
  private final HttpClient client;
  private final Duration timeout;
  private final EngineDescriptor descriptor;
  private volatile boolean closed;

  private HttpEngine(String url, HttpClient client, Duration timeout) {
    this.url = url;
    this.client = client;
    this.timeout = timeout;
    this.descriptor = readDescriptor();
  }

  /**
   * Connects to the engine at the base URL and fetches its descriptor.
   *
   * @throws EngineException when the engine cannot be reached or does not speak the protocol
   */
  static HttpEngine connect(URI base, Duration timeout) {
    HttpClient client =
        HttpClient.newBuilder()
            // HTTP/1.1 as the protocol says; the default would first try an h2c upgrade.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new HttpEngine(base.toString(), client, timeout);
  }

  /** The descriptor the engine sent when this client was created. */
  @Override
  public EngineDescriptor describe() {
    return descriptor;
  }

  /**
   * Asks the engine's {@code /health}.
   *
   * @throws EngineException when it cannot be reached or does not answer 200
   */
  @Override
  public void ping() {
    send(HttpRequest.newBuilder(endpoint(Routes.HEALTH)).GET(), Routes.HEALTH);
  }

  /**
   * Sends the request to {@code /process}; blocks up to the timeout.
   *
   * @throws EngineException with the engine's own message when it failed the request (HTTP 500), or
   *     saying what went wrong on the way
   */
  @Override
  public EngineResponse process(EngineRequest request) {
    byte[] body = WireFormat.writeRequest(request);
    var builder =
        HttpRequest.newBuilder(endpoint(Routes.PROCESS))
            .header("Content-Type", JSON)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    byte[] answer = send(builder, Routes.PROCESS);
    try {
      return WireFormat.readResponse(answer);
    } catch (WireFormat.MalformedPayload e) {
      throw new EngineException(
          "engine at " + url + " sent an invalid " + Routes.PROCESS + " answer: " + e.getMessage(),
          e);
    }
  }

  /** Stops using the engine; later calls fail. The remote engine keeps running. */
  @Override
  public void close() {
    closed = true;
    // HttpClient is closeable from JDK 21 on; before that its threads end once it is unreachable.
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new EngineException("closing the client of engine at " + url + " failed", e);
      }
    }
  }

  private EngineDescriptor readDescriptor() {
    byte[] body = send(HttpRequest.newBuilder(endpoint(Routes.DESCRIBE)).GET(), Routes.DESCRIBE);
    try {
      return WireFormat.readDescriptor(body);
    } catch (WireFormat.MalformedPayload e) {
      throw new EngineException(
          "engine at " + url + " sent an invalid " + Routes.DESCRIBE + " answer: " + e.getMessage(),
          e);
    }
  }

  private URI endpoint(String path) {
    return URI.create(url + path);
  }

  /** Sends the request and returns the body of a 200; every other outcome is thrown. */
  private byte[] send(HttpRequest.Builder builder, String path) {
    if (closed) {
      throw new EngineException("the http engine for " + url + " is closed");
    }
    HttpResponse<byte[]> response;
    try {
      response =
          client.send(
              builder.timeout(timeout).header("Accept", JSON).build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      throw new EngineException(
          "engine at " + url + " did not accept the connection within " + millis(), e);
    } catch (HttpTimeoutException e) {
      throw new EngineException(
          "engine at " + url + " did not answer " + path + " within " + millis(), e);
    } catch (ConnectException e) {
      throw new EngineException("engine at " + url + " refused the connection", e);
    } catch (IOException e) {
      throw new EngineException("engine at " + url + " failed on " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while waiting for the engine at " + url, e);
    }
    if (response.statusCode() == 200) {
      return response.body();
    }
    String message = WireFormat.readError(response.body());
    if (response.statusCode() == 500 && message != null) {
      throw new EngineException(message); // the engine's own words, as in-process
    }
    throw new EngineException(
        "engine at "
            + url
            + " answered "
            + path
            + " with HTTP "
            + response.statusCode()
            + (message == null ? "" : ": " + message));
  }

  private String millis() {
    return timeout.toMillis() + " ms";
  }
}
