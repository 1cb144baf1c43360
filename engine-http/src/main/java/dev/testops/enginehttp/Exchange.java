package dev.testops.enginehttp;

import dev.testops.engine.EngineException;
import dev.testops.engine.EngineResponse;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code POST /process} of the pooled client: the encoded request and the future its caller
 * holds (this object, so a request costs one allocation less). The request's bytes are kept until
 * the exchange ends, so a request that met a stale keep-alive connection can be sent again on
 * another. Touched on one event loop once submitted.
 */
final class Exchange extends CompletableFuture<EngineResponse> {
  private final ByteBuf request;
  private boolean ended;

  /** Whether the request was already sent again once after a stale connection. */
  boolean retried;

  Exchange(ByteBuf request) {
    this.request = request;
  }

  /** The request's bytes for one write: the write releases them, the exchange keeps its own. */
  ByteBuf requestForWrite() {
    return request.retainedDuplicate();
  }

  /** Ends the exchange with the answer. */
  void succeed(EngineResponse response) {
    if (end()) {
      complete(response);
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
