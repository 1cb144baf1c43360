package dev.testops.enginehttp;

import dev.testops.engine.EngineException;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * One request of the pooled client: its encoded bytes, how to read its answer, and the future its
 * caller holds (this object, so a request costs one allocation less). The bytes are kept until the
 * exchange ends, so a request that met a stale keep-alive connection can be sent again on another.
 * Touched on one event loop once submitted.
 *
 * @param <T> what the answer decodes to
 */
final class Exchange<T> extends CompletableFuture<T> {

  /** Reads an answer: its status and body (released by the caller). */
  @FunctionalInterface
  interface Decoder<T> {
    /**
     * The value of the answer.
     *
     * @throws EngineException when the answer is a failure or cannot be read
     */
    T decode(int status, ByteBuf body);
  }

  private final String path;
  private final ByteBuf request;
  private final Decoder<T> decoder;
  private boolean ended;

  /** Whether the request was already sent again once after a stale connection. */
  boolean retried;

  Exchange(String path, ByteBuf request, Decoder<T> decoder) {
    this.path = path;
    this.request = request;
    this.decoder = decoder;
  }

  /** The endpoint, for messages: {@code /process}, {@code /describe}, ... */
  String path() {
    return path;
  }

  /** The request's bytes for one write: the write releases them, the exchange keeps its own. */
  ByteBuf requestForWrite() {
    return request.retainedDuplicate();
  }

  /** Ends the exchange with its answer, decoded; releases the body. */
  void answered(int status, ByteBuf body) {
    T value;
    try {
      value = decoder.decode(status, body);
    } catch (EngineException e) {
      fail(e);
      return;
    } finally {
      body.release();
    }
    if (end()) {
      complete(value);
    }
  }

  /** Ends the exchange with the failure. */
  void fail(EngineException failure) {
    if (end()) {
      completeExceptionally(failure);
    }
  }

  private boolean end() {
    if (ended) {
      return false;
    }
    ended = true;
    request.release();
    return true;
  }
}
