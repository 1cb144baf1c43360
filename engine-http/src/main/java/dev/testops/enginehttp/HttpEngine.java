package dev.testops.enginehttp;

import dev.testops.engine.AsyncEngine;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * An engine at a URL, reached over the engine HTTP protocol. {@code /describe} and {@code /health}
 * go through the JDK's {@link HttpClient}; {@code /process} to a plain {@code http://} URL through
 * a {@link ProcessClient} (Netty, pooled keep-alive connections, no thread per request in flight),
 * and to an {@code https://} URL through the JDK client's asynchronous send. Both transports give
 * the same answers and the same failure messages ({@link Failures}). Immutable apart from closing;
 * thread-safe.
 */
final class HttpEngine implements AsyncEngine {
  private static final String JSON = "application/json";

  private final String url;
  private final HttpClient client;
  private final Duration timeout;
  private final Failures failures;
  private final ProcessClient processClient; // null for https: the JDK client carries /process
  private final EngineDescriptor descriptor;
  private volatile boolean closed;

  private HttpEngine(URI base, HttpClient client, Duration timeout, int ioThreads) {
    this.url = base.toString();
    this.client = client;
    this.timeout = timeout;
    this.failures = new Failures(url, timeout);
    this.descriptor = readDescriptor();
    this.processClient =
        "http".equals(base.getScheme())
            ? ProcessClient.create(base, timeout, ioThreads, failures)
            : null;
  }

  /**
   * Connects to the engine at the base URL and fetches its descriptor.
   *
   * @param ioThreads the event loops that carry {@code /process} requests
   * @throws EngineException when the engine cannot be reached or does not speak the protocol
   */
  static HttpEngine connect(URI base, Duration timeout, int ioThreads) {
    HttpClient client =
        HttpClient.newBuilder()
            // HTTP/1.1 as the protocol says; the default would first try an h2c upgrade.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new HttpEngine(base, client, timeout, ioThreads);
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
   * Sends the request to {@code /process} and waits for the answer, up to the timeout.
   *
   * @throws EngineException with the engine's own message when it failed the request (HTTP 500), or
   *     saying what went wrong on the way
   */
  @Override
  public EngineResponse process(EngineRequest request) {
    try {
      return processAsync(request).toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw asEngineException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.interrupted(e);
    }
  }

  /**
   * Sends the request to {@code /process}; the stage completes on one of the client's threads with
   * the answer, or with the {@link EngineException} {@link #process} would throw.
   */
  @Override
  public CompletionStage<EngineResponse> processAsync(EngineRequest request) {
    if (closed) {
      return CompletableFuture.failedFuture(failures.closed());
    }
    if (processClient != null) {
      return processClient.send(request);
    }
    HttpRequest http =
        HttpRequest.newBuilder(endpoint(Routes.PROCESS))
            .header("Content-Type", JSON)
            .header("Accept", JSON)
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(WireFormat.writeRequest(request)))
            .build();
    return client
        .sendAsync(http, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException ? failure.getCause() : failure;
                throw failure(cause, Routes.PROCESS);
              }
              return readProcessAnswer(okBody(response, Routes.PROCESS));
            });
  }

  /**
   * Stops using the engine; later calls fail, and requests in flight fail. The remote engine keeps
   * running.
   */
  @Override
  public void close() {
    closed = true;
    if (processClient != null) {
      processClient.close();
    }
    // HttpClient is closeable from JDK 21 on; before that its threads end once it is unreachable.
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new EngineException("closing the client of engine at " + url + " failed", e);
      }
    }
  }

  private EngineResponse readProcessAnswer(byte[] answer) {
    try {
      return WireFormat.readResponse(answer);
    } catch (WireFormat.MalformedPayload e) {
      throw failures.invalidAnswer(Routes.PROCESS, e);
    }
  }

  private EngineDescriptor readDescriptor() {
    byte[] body = send(HttpRequest.newBuilder(endpoint(Routes.DESCRIBE)).GET(), Routes.DESCRIBE);
    try {
      return WireFormat.readDescriptor(body);
    } catch (WireFormat.MalformedPayload e) {
      throw failures.invalidAnswer(Routes.DESCRIBE, e);
    }
  }

  private URI endpoint(String path) {
    return URI.create(url + path);
  }

  /** Sends the request and returns the body of a 200; every other outcome is thrown. */
  private byte[] send(HttpRequest.Builder builder, String path) {
    if (closed) {
      throw failures.closed();
    }
    HttpResponse<byte[]> response;
    try {
      response =
          client.send(
              builder.timeout(timeout).header("Accept", JSON).build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw failure(e, path);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.interrupted(e);
    }
    return okBody(response, path);
  }

  /** The body of a 200; any other status is thrown as the engine's failure. */
  private byte[] okBody(HttpResponse<byte[]> response, String path) {
    if (response.statusCode() == 200) {
      return response.body();
    }
    throw failures.status(path, response.statusCode(), response.body());
  }

  /** What a failure of the JDK client means. */
  private EngineException failure(Throwable e, String path) {
    if (e instanceof HttpConnectTimeoutException) {
      return failures.connectTimeout(e);
    }
    if (e instanceof HttpTimeoutException) {
      return failures.noAnswer(path, e);
    }
    if (e instanceof ConnectException) {
      return failures.refused(e);
    }
    if (e instanceof EngineException engine) {
      return engine;
    }
    return failures.failed(path, e, e);
  }

  private EngineException asEngineException(Throwable failure) {
    if (failure instanceof EngineException engine) {
      return engine;
    }
    return failures.failed(Routes.PROCESS, failure, failure);
  }
}
