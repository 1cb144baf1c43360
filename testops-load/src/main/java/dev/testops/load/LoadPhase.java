package dev.testops.load;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.Channel;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.phases.BuiltInPhases;
import dev.testops.core.run.Phase;
import dev.testops.core.run.PhaseContext;
import dev.testops.core.run.PhaseOutcome;
import dev.testops.core.run.PhaseStatus;
import dev.testops.core.sim.RunIds;
import dev.testops.core.snapshot.SnapshotFormat;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineOptions;
import dev.testops.enginehttp.EngineHttpServer;
import dev.testops.enginehttp.EngineServerConfig;
import dev.testops.enginehttp.LatencyMode;
import dev.testops.load.k6.K6Driver;
import dev.testops.load.k6.K6RunResult;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * load/mock_scenarios.yaml}), {@code target}, {@code latency}, {@code driver} ({@code auto}: k6
 * when it is on the PATH, else the built-in generator; or {@code k6}, {@code embedded}) and {@code
 * k6_path}, {@code warmup} (a duration; default: the scenario's, 10 s unless it says; {@code 0}
 * turns it off). The warm-up also warms the engine the phase serves itself. Passes when every
 * threshold passes and requests were answered; fails, saying it is inconclusive and why, when the
 * generator itself was saturated and thresholds on latency could not be judged. A cancel of the run
 * stops the generator within its control period (10 ms). The result goes to {@code
 * reports/load/run-<id>.json} and into the run's snapshot as {@code metrics.load}.
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
    if (context.param("warmup").isPresent()) {
      try {
        scenario = scenario.withWarmupMillis(ScenarioLoader.millis(context.param("warmup").get()));
      } catch (IllegalArgumentException e) {
        throw new TestOpsException.InvalidInput("load phase parameter warmup: " + e.getMessage());
      }
    }
    var request = context.request();
    long seed = request.seed().orElse(RunIds.seedFor(context.run().id()));
    var profile =
        SimConfigLoader.load(context.home().root()).profile(Optional.of(request.profile()));
    Optional<String> target = context.param("target");
    Measured result;
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
    ObjectNode document = result.document();
    Path report = context.home().reports().resolve("load/run-" + context.run().id() + ".json");
    context.home().output().write(Channel.ARTIFACT, report, CanonicalJson.pretty(document));
    context.artifact("load", report);
    addToSnapshot(context, document);
    JsonNode metrics = document.path("metrics");
    ObjectNode summary = CanonicalJson.object();
    summary.put("scenario", scenario.name());
    summary.set("metrics", metrics);
    if (document.has("offered_rate")) {
      summary.set("offered_rate", document.path("offered_rate"));
    }
    summary.set("achieved_rate", document.path("achieved_rate"));
    summary.set("verdict", document.path("verdict"));
    summary.set("generator_saturated", document.path("generator_saturated"));
    if (document.has("warmup")) {
      summary.set("warmup", document.path("warmup"));
    }
    var failures = summary.putArray("failures");
    result.failures().forEach(failures::add);
    for (String failure : result.failures()) {
      context.warn(failure, "see " + context.home().root().relativize(report));
    }
    for (String reason : result.inconclusive()) {
      context.warn("inconclusive: " + reason, "see " + context.home().root().relativize(report));
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
    if (!result.inconclusive().isEmpty()) {
      // Missing evidence never passes a gate: the phase fails, saying it was not the target.
      message = message + "; inconclusive: " + String.join("; ", result.inconclusive());
    }
    return new PhaseOutcome(
        result.passed() ? PhaseStatus.PASSED : PhaseStatus.FAILED, summary, message);
  }

  /**
   * What a driver measured: the k6-shaped document, the verdict, what failed and what could not be
   * judged.
   */
  private record Measured(
      ObjectNode document, boolean passed, List<String> failures, List<String> inconclusive) {}

  /**
   * Runs the scenario with k6 when the suite says {@code driver: k6}, or by default ({@code auto})
   * when k6 is on the PATH; else with the built-in generator.
   */
  private static Measured drive(
      PhaseContext context,
      URI target,
      Scenario scenario,
      dev.testops.core.dataset.SimProfile profile,
      long seed) {
    String driver = context.param("driver").orElse("auto");
    // The process environment is where k6 would be installed; nothing of it reaches a snapshot.
    Map<String, String> environment = System.getenv();
    boolean useK6 =
        switch (driver) {
          case "k6" -> true;
          case "embedded" -> false;
          case "auto" -> K6Driver.find(environment).isPresent();
          default ->
              throw new TestOpsException.InvalidInput(
                  "load driver must be embedded, k6 or auto, was '" + driver + "'");
        };
    if (!useK6) {
      LoadResult result = generate(context, target, scenario, profile, seed);
      return new Measured(
          result.toJson(), result.passed(), result.failures(), result.inconclusive());
    }
    context.info("driving " + target + " with k6 (scenario " + scenario.name() + ")");
    // `k6_path` names the executable explicitly (e.g. a pinned install); else k6 on the PATH.
    K6Driver k6 =
        context.param("k6_path").isPresent()
            ? K6Driver.at(java.nio.file.Path.of(context.param("k6_path").get()), environment)
            : K6Driver.onPath(environment);
    Optional<ObjectNode> warmup =
        K6WarmUp.run(
            k6,
            scenario,
            target,
            profile,
            seed,
            context.home().root(),
            line -> context.info("k6 (warm-up): " + line));
    var run =
        k6.run(
            K6Scenarios.of(scenario, target, profile, seed),
            context.home().root(),
            Duration.ofMillis(scenario.totalDurationMillis()).plusMinutes(5),
            line -> context.info("k6: " + line));
    ObjectNode document = run.summary().toJson();
    document.put("driver", "k6");
    document.put("k6_exit_code", run.exitCode());
    document.set("threshold_results", run.summary().thresholdsJson());
    warmup.ifPresent(w -> document.set("warmup", w));
    List<String> failures = new ArrayList<>();
    for (var threshold : run.summary().thresholds()) {
      if (!threshold.ok()) {
        failures.add("threshold " + threshold.metric() + " " + threshold.expression() + ": failed");
      }
    }
    return new Measured(document, run.outcome() == K6RunResult.Outcome.PASSED, failures, List.of());
  }

  /** Runs the generator on its own thread, reporting time-based progress every second. */
  private static LoadResult generate(
      PhaseContext context,
      URI target,
      Scenario scenario,
      dev.testops.core.dataset.SimProfile profile,
      long seed) {
    context.info(
        String.format(
            Locale.ROOT,
            "scenario %s (%s, %d VUs at most, %d s) against %s, after a warm-up of %s",
            scenario.name(),
            scenario.executor().name().toLowerCase(Locale.ROOT),
            scenario.peakVus(),
            scenario.totalDurationMillis() / 1000,
            target,
            scenario.warmupMillis() == 0
                ? "none"
                : scenario.warmupMillis() / 1000.0 + " s (kept apart from the results)"));
    // Each second of the series goes out as it closes, so the dashboard draws the load live.
    var generator =
        new LoadGenerator(target, profile, seed)
            .withSecondListener(s -> context.metric("load-second", SummaryExport.second(s)));
    CompletableFuture<LoadResult> running =
        CompletableFuture.supplyAsync(
            () -> generator.run(scenario, context::isCancelled), LoadPhase::daemon);
    long total = Math.max(1, scenario.warmupMillis() + scenario.totalDurationMillis());
    long startNanos = context.nanoTime().getAsLong();
    while (true) {
      try {
        // Short waits: a cancel stops the generator within its 10 ms control period, and the
        // phase sees the result at once.
        LoadResult result = running.get(100, TimeUnit.MILLISECONDS);
        if (result.cancelled()) {
          context.checkCancelled();
        }
        return result;
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
    SnapshotFormat.addMetrics(context.home().output(), snapshot, "load", load);
    context.artifact("snapshot", snapshot);
  }
}
