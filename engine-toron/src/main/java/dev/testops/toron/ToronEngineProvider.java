package dev.testops.toron;

import dev.testops.engine.Engine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineProvider;
import java.util.Objects;
import java.util.function.Function;

/**
 * Creates Toron v2.5H+ engines (id {@code toron-v2.5h+}); the {@link java.util.ServiceLoader} entry
 * of this module.
 *
 * <p>The only option read is {@value ToronFaults#OPTION} (see {@link ToronFaults}); when it is
 * absent the {@value ToronFaults#ENV} environment variable is used instead. A present but blank
 * option therefore switches faults off even when the environment variable is set.
 */
public final class ToronEngineProvider implements EngineProvider {
  private final Function<String, String> environment;

  /** Creates a provider that reads {@value ToronFaults#ENV} from the process environment. */
  public ToronEngineProvider() {
    this(System::getenv);
  }

  /** Creates a provider that looks environment variables up with the function (for tests). */
  ToronEngineProvider(Function<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** Returns {@code toron-v2.5h+}. */
  @Override
  public String id() {
    return ToronEngine.ID;
  }

  /**
   * Creates an engine; each call returns a new, independent, thread-safe instance.
   *
   * @throws EngineException when the fault specification is invalid, naming the bad part and the
   *     accepted syntax
   */
  @Override
  public Engine create(EngineOptions options) {
    Objects.requireNonNull(options, "options");
    String spec =
        options.get(ToronFaults.OPTION).orElseGet(() -> environment.apply(ToronFaults.ENV));
    return new ToronEngine(FaultPlan.parse(spec));
  }
}
