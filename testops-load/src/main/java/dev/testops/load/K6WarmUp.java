package dev.testops.load;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.dataset.SimProfile;
import dev.testops.load.k6.K6Driver;
import dev.testops.load.k6.K6RunResult;
import dev.testops.load.k6.K6ScenarioSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The warm-up of a k6-driven load: before the measured run, k6 runs once more for the scenario's
 * warm-up, at its starting rate (open model) or with its starting VUs (closed model), with no
 * thresholds. Its figures are kept apart, as the built-in generator keeps its own: they go in the
 * result's {@code warmup} object, never in the metrics or the thresholds.
 */
public final class K6WarmUp {
  private K6WarmUp() {}

  /**
   * The k6 spec of the warm-up, or empty when the scenario has none.
   *
   * @throws dev.testops.core.TestOpsException.InvalidInput when the warm-up rate is not a whole
   *     number per second
   */
  public static Optional<K6ScenarioSpec> spec(
      Scenario scenario, URI target, SimProfile profile, long seed) {
    if (scenario.warmupMillis() <= 0) {
      return Optional.empty();
    }
    K6ScenarioSpec measured = K6Scenarios.of(scenario, target, profile, seed);
    Duration duration = Duration.ofMillis(scenario.warmupMillis());
    boolean open = scenario.executor().open();
    return Optional.of(
        new K6ScenarioSpec(
            open
                ? K6ScenarioSpec.Executor.CONSTANT_ARRIVAL_RATE
                : K6ScenarioSpec.Executor.CONSTANT_VUS,
            open ? Math.max(1, (int) Math.round(scenario.warmupRatePerSecond())) : 0,
            measured.timeUnit(),
            duration,
            open ? 0 : Math.max(1, scenario.warmupVus()),
            measured.preAllocatedVUs(),
            measured.maxVUs(),
            null,
            Map.of(),
            target,
            measured.thinkTime(),
            seed,
            measured.users()));
  }

  /**
   * Runs the warm-up with k6, when the scenario has one.
   *
   * @return the {@code warmup} object for the result, or empty when there was no warm-up
   * @throws dev.testops.core.TestOpsException when k6 fails (as {@link K6Driver#run} does)
   */
  public static Optional<ObjectNode> run(
      K6Driver k6,
      Scenario scenario,
      URI target,
      SimProfile profile,
      long seed,
      Path home,
      Consumer<String> log) {
    Optional<K6ScenarioSpec> spec = spec(scenario, target, profile, seed);
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    K6RunResult run = k6.run(spec.get(), home, spec.get().duration().plusMinutes(5), log);
    return Optional.of(describe(spec.get(), run.summary().toJson().path("metrics")));
  }

  /** What the warm-up sent and measured, in the built-in generator's {@code warmup} shape. */
  static ObjectNode describe(K6ScenarioSpec spec, JsonNode metrics) {
    ObjectNode node = CanonicalJson.object();
    node.put("driver", "k6");
    node.put("duration_s", CanonicalJson.decimal(spec.duration().toMillis() / 1000.0));
    if (spec.executor().arrivalRate()) {
      node.put("rate", spec.rate());
      node.put("dropped_iterations", metrics.path("dropped_iterations").path("count").asLong());
    } else {
      node.put("vus", spec.vus());
    }
    node.put("requests", metrics.path("http_reqs").path("count").asLong());
    JsonNode duration = metrics.path("http_req_duration");
    if (duration.isObject()) {
      node.set("http_req_duration", duration.deepCopy());
    }
    return node;
  }
}
