package dev.testops.toron;

import dev.testops.engine.EffectiveOption;
import dev.testops.engine.EffectiveOptions;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineProvider;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Creates Toron v2.5H+ engines (id {@code toron-v2.5h+}); the {@link java.util.ServiceLoader} entry
 * of this module.
 *
 * <p>The only option read is {@value ToronFaults#OPTION} (see {@link ToronFaults}); when it is
 * absent the {@value ToronFaults#ENV} environment variable is used instead. A present but blank
 * option therefore switches faults off even when the environment variable is set.
 *
 * <p>{@link #effectiveOptions} always reports {@value ToronFaults#OPTION}: as given, from the
 * environment, or by default {@value ToronFaults#NO_FAULTS}; so a run records the faults it ran
 * with and a replay creates the same engine whatever its own environment.
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

  /**
   * The options as given, plus {@value ToronFaults#OPTION} when it was not: the non-blank value of
   * {@value ToronFaults#ENV}, else {@value ToronFaults#NO_FAULTS} by default.
   */
  @Override
  public EffectiveOptions effectiveOptions(
      EngineOptions requested, Function<String, String> environment) {
    Objects.requireNonNull(requested, "requested");
    var values = new TreeMap<String, EffectiveOption>();
    requested.values().forEach((key, value) -> values.put(key, EffectiveOption.option(value)));
    if (!values.containsKey(ToronFaults.OPTION)) {
      String fromEnvironment = environment.apply(ToronFaults.ENV);
      values.put(
          ToronFaults.OPTION,
          fromEnvironment == null || fromEnvironment.isBlank()
              ? EffectiveOption.byDefault(ToronFaults.NO_FAULTS)
              : EffectiveOption.environment(ToronFaults.ENV, fromEnvironment.trim()));
    }
    return new EffectiveOptions(values);
  }
}
