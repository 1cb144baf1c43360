package dev.testops.engine;

/**
 * Creates engines of one id. Registered with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/dev.testops.engine.EngineProvider} file), on the class path or in a plugin jar.
 */
public interface EngineProvider {

  /** The id of the engines this provider creates, e.g. {@code toron-v2.5h+}. */
  String id();

  /**
   * Creates an engine.
   *
   * @throws EngineException when an option is invalid or the engine cannot start
   */
  Engine create(EngineOptions options);
}
