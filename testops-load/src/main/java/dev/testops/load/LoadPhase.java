package dev.testops.load;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.AtomicFiles;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.phases.BuiltInPhases;
import dev.testops.core.run.Phase;
import dev.testops.core.run.PhaseContext;
import dev.testops.core.run.PhaseOutcome;
import dev.testops.core.run.PhaseStatus;
import dev.testops.core.sim.RunIds;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineOptions;
import dev.testops.enginehttp.EngineHttpServer;
import dev.testops.enginehttp.EngineServerConfig;
import dev.testops.enginehttp.LatencyMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Load Test: drive the run's engine over HTTP with the built-in generator. Unless the suite gives a
 * {@code target} URL, the phase serves the run's engine itself on a free loopback port (latency
 * {@code model}: each answer waits its modelled latency). Parameters: {@code scenario} (from {@code
 * load/mock_scenarios.yaml}), {@code target}, {@code latency}. Passes when every threshold passes
 * and requests were answered. The result goes to {@code reports/load/run-<id>.json} and into the
 * run's snapshot as {@code metrics.load}.
 */
public final class LoadPhase implements Phase {

  @Override
  public String name() {
    return "load";
  }

  @Override
  public String title() {
    return "Load Test";
  }

  @Override
  public PhaseOutcome execute(PhaseContext context) {
    Scenario scenario =
        ScenarioLoader.load(context.home().root()).scenario(context.param("scenario"));
    var request = context.request();
    long seed = request.seed().orElse(RunIds.seedFor(context.run().id()));
    var profile =
        SimConfigLoader.load(context.home().root()).profile(Optional.of(request.profile()));
    Optional<String> target = context.param("target");
    LoadResult result;
    if (target.isPresent()) {
      result = drive(context, URI.create(target.get()), scenario, profile, seed);
    } else {
      LatencyMode latency =
          LatencyMode.valueOf(context.param("latency").orElse("model").toUpperCase(Locale.ROOT));
      try (Engine engine =
              context
                  .engines()
                  .open(request.engineId(), new EngineOptions(request.engineOptions()));
          EngineHttpServer server =
              EngineHttpServer.start(
                  engine, EngineServerConfig.defaults().withLatencyMode(latency))) {
        context.info(
            "serving "
                + request.engineId()
                + " at "
                + server.url()
                + " (latency "
                + latency.name().toLowerCase(Locale.ROOT)
                + ")");
        result = drive(context, URI.create(server.url()), scenario, profile, seed);
      }
    }
    ObjectNode document = result.toJson();
    Path report = context.home().reports().resolve("load/run-" + context.run().id() + ".json");
    AtomicFiles.write(report, CanonicalJson.pretty(document));
    context.artifact("load", report);
    addToSnapshot(context, document);
    JsonNode metrics = document.path("metrics");
    ObjectNode summary = CanonicalJson.object();
    summary.put("scenario", scenario.name());
    summary.set("metrics", metrics);
    summary.set("offered_rate", document.path("offered_rate"));
    summary.set("achieved_rate", document.path("achieved_rate"));
    var failures = summary.putArray("failures");
    result.failures().forEach(failures::add);
    for (String failure : result.failures()) {
      context.warn(failure, "see " + context.home().root().relativize(report));
    }
    JsonNode duration = metrics.path("http_req_duration");
    String message =
        String.format(
            Locale.ROOT,
            "%d requests, p(95) %s ms, p(99) %s ms, failed %s",
            metrics.path("http_reqs").path("count").asLong(),
            duration.path("p(95)").isNumber()
                ? duration.path("p(95)").decimalValue().toPlainString()
                : "-",
            duration.path("p(99)").isNumber()
                ? duration.path("p(99)").decimalValue().toPlainString()
                : "-",
            metrics.path("http_req_failed").path("value").isNumber()
                ? metrics.path("http_req_failed").path("value").decimalValue().toPlainString()
                : "-");
    if (!result.failures().isEmpty()) {
      message = message + "; " + String.join("; ", result.failures());
    }
    return new PhaseOutcome(
        result.passed() ? PhaseStatus.PASSED : PhaseStatus.FAILED, summary, message);
  }

  /** Runs the generator on its own thread, reporting time-based progress every second. */
  private static LoadResult drive(
      PhaseContext context,
      URI target,
      Scenario scenario,
      dev.testops.core.dataset.SimProfile profile,
      long seed) {
    context.info(
        String.format(
            Locale.ROOT,
            "scenario %s (%s, %d VUs at most, %d s) against %s",
            scenario.name(),
            scenario.executor().name().toLowerCase(Locale.ROOT),
            scenario.peakVus(),
            scenario.totalDurationMillis() / 1000,
            target));
    var generator = new LoadGenerator(target, profile, seed);
    CompletableFuture<LoadResult> running =
        CompletableFuture.supplyAsync(() -> generator.run(scenario), LoadPhase::daemon);
    long total = Math.max(1, scenario.totalDurationMillis());
    long startNanos = context.nanoTime().getAsLong();
    while (true) {
      try {
        return running.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        long elapsedMillis = (context.nanoTime().getAsLong() - startNanos) / 1_000_000;
        context.progress((int) Math.min(99, elapsedMillis * 100 / total));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TestOpsException("load test interrupted");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new TestOpsException("load test failed: " + e.getCause(), e.getCause());
      }
    }
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "load-scheduler");
    thread.setDaemon(true);
    thread.start();
  }

  /** Adds the result to the run's snapshot as {@code metrics.load}, when a SIM wrote one. */
  private static void addToSnapshot(PhaseContext context, ObjectNode load) {
    if (!(context.shared().get(BuiltInPhases.SNAPSHOT) instanceof Path snapshot)
        || !Files.isRegularFile(snapshot)) {
      return;
    }
    try {
      JsonNode doc = CanonicalJson.parse(Files.readAllBytes(snapshot), "snapshot " + snapshot);
      ObjectNode updated = (ObjectNode) doc;
      ((ObjectNode) updated.path("metrics")).set("load", load);
      AtomicFiles.write(snapshot, CanonicalJson.pretty(updated));
      context.artifact("snapshot", snapshot);
    } catch (java.io.IOException e) {
      throw new TestOpsException.StorageFailure("cannot update " + snapshot + ": " + e, e);
    }
  }
}
