package dev.testops.enginehttp;

import dev.testops.engine.AsyncEngine;
import dev.testops.engine.EngineDescriptor;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * An engine at a URL, reached over the engine HTTP protocol: to a plain {@code http://} URL on
 * {@link NettyTransport} (pooled keep-alive connections, no thread per request in flight), to an
 * {@code https://} one on {@link JdkTransport}. Both give the same answers and the same failure
 * messages ({@link Failures}). Immutable apart from closing; thread-safe.
 */
final class HttpEngine implements AsyncEngine {
  private final Failures failures;
  private final Transport transport;
  private final EngineDescriptor descriptor;
  private volatile boolean closed;

  private HttpEngine(Failures failures, Transport transport) {
    this.failures = failures;
    this.transport = transport;
    EngineDescriptor read;
    try {
      read = readDescriptor();
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
    this.descriptor = read;
  }

  /**
   * Connects to the engine at the base URL and fetches its descriptor.
   *
   * @param ioThreads the event loops of an {@code http://} URL's transport
   * @throws EngineException when the engine cannot be reached or does not speak the protocol
   */
  static HttpEngine connect(URI base, Duration timeout, int ioThreads) {
    var failures = new Failures(base.toString(), timeout);
    Transport transport =
        "http".equals(base.getScheme())
            ? NettyTransport.create(base, timeout, ioThreads, failures)
            : new JdkTransport(base, timeout, failures);
    return new HttpEngine(failures, transport);
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
    await(get(Routes.HEALTH));
  }

  /**
   * Sends the request to {@code /process} and waits for the answer, up to the timeout. Must not be
   * called from a completion of {@link #processAsync} (it would wait on the thread that answers).
   *
   * @throws EngineException with the engine's own message when it failed the request (HTTP 500), or
   *     saying what went wrong on the way
   */
  @Override
  public EngineResponse process(EngineRequest request) {
    return await(processAsync(request).toCompletableFuture());
  }

  /**
   * Sends the request to {@code /process}; the stage completes on one of the transport's threads
   * with the answer, or with the {@link EngineException} {@link #process} would throw.
   */
  @Override
  public CompletionStage<EngineResponse> processAsync(EngineRequest request) {
    if (closed) {
      return CompletableFuture.failedFuture(failures.closed());
    }
    return transport.process(request);
  }

  /**
   * Stops using the engine; later calls fail, and so do requests in flight. The remote engine keeps
   * running.
   */
  @Override
  public void close() {
    closed = true;
    transport.close();
  }

  private CompletableFuture<byte[]> get(String path) {
    if (closed) {
      return CompletableFuture.failedFuture(failures.closed());
    }
    return transport.get(path);
  }

  private EngineDescriptor readDescriptor() {
    byte[] body = await(get(Routes.DESCRIBE));
    try {
      return WireFormat.readDescriptor(body);
    } catch (WireFormat.MalformedPayload e) {
      throw failures.invalidAnswer(Routes.DESCRIBE, e);
    }
  }

  private <T> T await(CompletableFuture<T> answer) {
    try {
      return answer.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof EngineException engine) {
        throw engine;
      }
      throw failures.failed("the engine", cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.interrupted(e);
    }
  }
}
