package dev.testops.enginehttp;

import dev.testops.engine.EngineException;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import java.util.concurrent.CompletableFuture;

/**
 * How the {@code http} engine carries its requests: {@link NettyTransport} to an {@code http://}
 * URL, {@link JdkTransport} to an {@code https://} one. Both complete with the same values and fail
 * with the same {@link EngineException} messages ({@link Failures}). Thread-safe.
 */
interface Transport extends AutoCloseable {

  /**
   * Sends {@code GET path} (e.g. {@code /describe}); completes with the body of a {@code 200}, or
   * fails with the {@link EngineException} that says what went wrong.
   */
  CompletableFuture<byte[]> get(String path);

  /**
   * Sends {@code POST /process}; completes with the decoded answer, or fails with the {@link
   * EngineException} that says what went wrong (the engine's own message for its failures).
   */
  CompletableFuture<EngineResponse> process(EngineRequest request);

  /** Fails what is in flight ("is closed") and releases the transport's threads and sockets. */
  @Override
  void close();
}
