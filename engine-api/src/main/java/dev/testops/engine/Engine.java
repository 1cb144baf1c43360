package dev.testops.engine;

/**
 * A reasoning engine under test.
 *
 * <p>Implementations must be safe to call from many threads at once: TestOps shards a simulation
 * across all cores and calls {@link #process} concurrently.
 */
public interface Engine extends AutoCloseable {

  /** Returns the engine's identity; never {@code null}, and constant for the engine's life. */
  EngineDescriptor describe();

  /**
   * Checks that the engine is alive and ready to process requests.
   *
   * @throws EngineException when the engine is not ready
   */
  void ping();

  /**
   * Processes one request. Must be a pure function of the request, the engine version and the
   * request's seed (see the package documentation).
   *
   * @throws EngineException when the engine fails the request
   */
  EngineResponse process(EngineRequest request);

  /** Releases what the engine holds. The default does nothing. */
  @Override
  default void close() {}
}
