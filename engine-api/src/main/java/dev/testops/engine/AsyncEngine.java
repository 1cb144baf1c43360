package dev.testops.engine;

import java.util.concurrent.CompletionStage;

/**
 * An optional capability of an {@link Engine}: processing a request without holding a thread while
 * the answer is on its way, so that a caller can keep thousands of requests in flight on a few
 * threads. An engine reached over a network (e.g. over HTTP) implements it; an in-process engine,
 * whose {@code process} only computes, has no reason to. Callers that see an engine without it call
 * {@link #process} as usual.
 *
 * <p>{@code processAsync} answers exactly what {@link #process} answers for the same request: the
 * same response, or the same failure with the same message.
 */
public interface AsyncEngine extends Engine {

  /**
   * Sends one request and returns at once. The stage completes, usually on a thread of the engine,
   * with the response, or exceptionally with an {@link EngineException} carrying the message {@link
   * #process} would have thrown. Callers should keep the work they do on completion short (it may
   * run on an I/O thread) and must not block in it. Safe to call from many threads, including from
   * a completion of an earlier request.
   *
   * @throws EngineException (or complete exceptionally with it) when the request cannot be sent,
   *     e.g. because the engine is closed
   */
  CompletionStage<EngineResponse> processAsync(EngineRequest request);
}
