package dev.testops.core.engines;

import dev.testops.core.TestOpsException;
import dev.testops.engine.EffectiveOptions;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The engines TestOps can run, by id: providers on the class path plus those in plugin jars in a
 * folder (by default {@code engines/} under the home). Immutable after creation; thread-safe.
 *
 * <p>Engines are created from their {@linkplain #effectiveOptions effective options}, resolved
 * against the registry's environment (the process environment unless {@link #withEnvironment} gives
 * another): what a run records is exactly what its engine was given.
 */
public final class EngineRegistry {
  /** The engine used when a request names none. */
  public static final String DEFAULT_ENGINE = "toron-v2.5h+";

  private final SortedMap<String, EngineProvider> providers;
  private final Function<String, String> environment;

  private EngineRegistry(
      SortedMap<String, EngineProvider> providers, Function<String, String> environment) {
    this.providers = Collections.unmodifiableSortedMap(providers);
    this.environment = environment;
  }

  /**
   * Discovers providers on the class path and in every {@code *.jar} of the plugin folder (which
   * may be absent). When two providers claim one id, the class path wins.
   *
   * @throws TestOpsException.EngineFailure when a plugin jar cannot be loaded
   */
  public static EngineRegistry discover(Path pluginFolder) {
    SortedMap<String, EngineProvider> found = new TreeMap<>();
    load(ServiceLoader.load(EngineProvider.class, EngineRegistry.class.getClassLoader()), found);
    if (Files.isDirectory(pluginFolder)) {
      List<URL> jars = new ArrayList<>();
      try (Stream<Path> files = Files.list(pluginFolder)) {
        for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
          jars.add(jar.toUri().toURL());
        }
      } catch (IOException e) {
        throw new TestOpsException.EngineFailure(
            "cannot list engine plugins in " + pluginFolder + ": " + e.getMessage(), e);
      }
      if (!jars.isEmpty()) {
        // The loader stays open for the life of the process: engines loaded from it are in use.
        var loader =
            new URLClassLoader(jars.toArray(URL[]::new), EngineRegistry.class.getClassLoader());
        load(ServiceLoader.load(EngineProvider.class, loader), found);
      }
    }
    return new EngineRegistry(found, System::getenv);
  }

  /** Creates a registry of exactly these providers (for tests and embedding). */
  public static EngineRegistry of(EngineProvider... providers) {
    SortedMap<String, EngineProvider> map = new TreeMap<>();
    for (EngineProvider provider : providers) {
      map.put(provider.id(), provider);
    }
    return new EngineRegistry(map, System::getenv);
  }

  /**
   * The same engines, resolving options against another environment (the CLI's injected one, or a
   * test's).
   *
   * @param environment looks a variable up by name, {@code null} when unset
   */
  public EngineRegistry withEnvironment(Function<String, String> environment) {
    return new EngineRegistry(
        new TreeMap<>(providers), java.util.Objects.requireNonNull(environment, "environment"));
  }

  /** The ids of every known engine, sorted. */
  public List<String> ids() {
    return List.copyOf(providers.keySet());
  }

  /**
   * Checks that an engine id is known.
   *
   * @throws TestOpsException.NotFound naming the known ids when it is not
   */
  public String requireKnown(String id) {
    if (!providers.containsKey(id)) {
      throw new TestOpsException.NotFound(
          "unknown engine '" + id + "' (known: " + String.join(", ", providers.keySet()) + ")");
    }
    return id;
  }

  /**
   * Creates an engine.
   *
   * @throws TestOpsException.NotFound naming the known ids when the id is unknown
   * @throws TestOpsException.EngineFailure when the provider refuses the options or fails
   */
  public Engine open(String id, EngineOptions options) {
    EngineProvider provider = providers.get(requireKnown(id));
    try {
      return provider.create(provider.effectiveOptions(options, environment).options());
    } catch (EngineException | IllegalArgumentException e) {
      throw new TestOpsException.EngineFailure(
          "engine '" + id + "' could not start: " + e.getMessage(), e);
    }
  }

  /**
   * The options an engine opened with {@code options} runs with, and where each came from (given,
   * the environment, a default). An engine that does not say reports the given options.
   *
   * @throws TestOpsException.NotFound naming the known ids when the id is unknown
   * @throws TestOpsException.EngineFailure when the provider fails to say
   */
  public EffectiveOptions effectiveOptions(String id, EngineOptions options) {
    EngineProvider provider = providers.get(requireKnown(id));
    try {
      return provider.effectiveOptions(options, environment);
    } catch (RuntimeException e) {
      throw new TestOpsException.EngineFailure(
          "engine '" + id + "' could not say its options: " + e.getMessage(), e);
    }
  }

  private static void load(
      ServiceLoader<EngineProvider> loader, Map<String, EngineProvider> found) {
    try {
      for (EngineProvider provider : loader) {
        found.putIfAbsent(provider.id(), provider);
      }
    } catch (ServiceConfigurationError e) {
      throw new TestOpsException.EngineFailure("an engine plugin is broken: " + e.getMessage(), e);
    }
  }
}
