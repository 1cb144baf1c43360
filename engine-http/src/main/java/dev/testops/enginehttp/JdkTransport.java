package dev.testops.enginehttp;

import dev.testops.engine.EngineException;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
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

/**
 * The transport of the {@code http} engine to an {@code https://} URL: the JDK's {@link HttpClient}
 * (TLS, keep-alive connections pooled by the client), sending asynchronously. Thread-safe.
 */
final class JdkTransport implements Transport {
  private static final String JSON = "application/json";

  private final String url;
  private final Duration timeout;
  private final Failures failures;
  private final HttpClient client;
  private volatile boolean closed;

  JdkTransport(URI base, Duration timeout, Failures failures) {
    this.url = base.toString();
    this.timeout = timeout;
    this.failures = failures;
    this.client =
        HttpClient.newBuilder()
            // HTTP/1.1 as the protocol says; the default would first try an h2c upgrade.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public CompletableFuture<byte[]> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url + path)).GET(), path);
  }

  @Override
  public CompletableFuture<EngineResponse> process(EngineRequest request) {
    var builder =
        HttpRequest.newBuilder(URI.create(url + Routes.PROCESS))
            .header("Content-Type", JSON)
            .POST(HttpRequest.BodyPublishers.ofByteArray(WireFormat.writeRequest(request)));
    return send(builder, Routes.PROCESS)
        .thenApply(
            answer -> {
              try {
                return WireFormat.readResponse(answer);
              } catch (WireFormat.MalformedPayload e) {
                throw failures.invalidAnswer(Routes.PROCESS, e);
              }
            });
  }

  /** Sends the request; completes with the body of a 200, every other outcome fails. */
  private CompletableFuture<byte[]> send(HttpRequest.Builder builder, String path) {
    if (closed) {
      return CompletableFuture.failedFuture(failures.closed());
    }
    return client
        .sendAsync(
            builder.timeout(timeout).header("Accept", JSON).build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                throw failure(cause, path);
              }
              if (response.statusCode() != 200) {
                throw failures.status(path, response.statusCode(), response.body());
              }
              return response.body();
            });
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
}
