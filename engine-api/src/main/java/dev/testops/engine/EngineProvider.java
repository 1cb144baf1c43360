package dev.testops.engine;

import java.util.function.Function;

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

  /**
   * The options an engine created from {@code requested} would run with: the requested ones plus
   * any the provider reads from the environment or takes by default, each saying where its value
   * came from. TestOps records them with every run and creates the engine from their values, so a
   * replay runs the same engine whatever its own environment; {@link #create} must therefore give
   * the same behaviour for {@code effectiveOptions(o, env).options()} as for {@code o} under {@code
   * env}.
   *
   * <p>The default reports the requested options as they are: right for a provider that reads
   * neither the environment nor defaults that change behaviour. Must not fail for options {@link
   * #create} would refuse; {@code create} reports those.
   *
   * @param requested the options asked for
   * @param environment looks an environment variable up by name ({@code null} when unset); a
   *     provider reads the environment only through it
   */
  default EffectiveOptions effectiveOptions(
      EngineOptions requested, Function<String, String> environment) {
    return EffectiveOptions.asRequested(requested);
  }
}
