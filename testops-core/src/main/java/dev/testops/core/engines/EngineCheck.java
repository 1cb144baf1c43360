package dev.testops.core.engines;

import dev.testops.engine.Digests;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineDescriptor;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Engine Check phase: load the engine, describe it, ping it, send a few canned prompts and time
 * every step. Each prompt also goes to a second, independently created instance of the engine: an
 * engine whose answers depend on anything but the request (per-instance state, the clock, a shared
 * random source) is caught here, before a SIM is spent on it.
 */
public final class EngineCheck {
  /** The canned prompts, from a reflex question to a contradiction. */
  static final List<String> CANNED_PROMPTS =
      List.of(
          "What time zone is Tokyo in?",
          "Compare the quarterly revenue of 3 regions and then explain the variance in 2 steps.",
          "The deadline is friday.",
          "Actually the deadline is not friday.");

  private final LongSupplier nanoTime;

  /**
   * Creates a check that times steps with the given monotonic clock.
   *
   * @param nanoTime a monotonic nanosecond source, e.g. {@code System::nanoTime}
   */
  public EngineCheck(LongSupplier nanoTime) {
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** One timed step of the check. */
  public record Step(String name, boolean passed, long durationMicros, String detail) {}

  /** The outcome: the engine's descriptor (when it could be read) and every step in order. */
  public record Result(String engineId, EngineDescriptor descriptor, List<Step> steps) {
    /** Whether every step passed. */
    public boolean passed() {
      return !steps.isEmpty() && steps.stream().allMatch(Step::passed);
    }
  }

  /** Runs the check on an engine the supplier opens (its failure is reported as the load step). */
  public Result run(String engineId, Supplier<Engine> open) {
    List<Step> steps = new ArrayList<>();
    long start = nanoTime.getAsLong();
    Engine engine;
    Engine twin;
    try {
      engine = open.get();
      twin = open.get();
    } catch (RuntimeException e) {
      steps.add(new Step("load", false, since(start), e.getMessage()));
      return new Result(engineId, null, steps);
    }
    steps.add(new Step("load", true, since(start) / 2, "engine created"));
    try (engine;
        twin) {
      EngineDescriptor descriptor = describe(engine, steps);
      ping(engine, steps);
      List<String> claims = new ArrayList<>();
      for (int i = 0; i < CANNED_PROMPTS.size(); i++) {
        claims = prompt(engine, twin, i, claims, steps);
      }
      return new Result(engineId, descriptor, steps);
    }
  }

  private EngineDescriptor describe(Engine engine, List<Step> steps) {
    long start = nanoTime.getAsLong();
    try {
      EngineDescriptor descriptor = engine.describe();
      steps.add(
          new Step(
              "describe",
              true,
              since(start),
              descriptor.id() + " " + descriptor.version() + " " + descriptor.capabilities()));
      return descriptor;
    } catch (RuntimeException e) {
      steps.add(new Step("describe", false, since(start), e.getMessage()));
      return null;
    }
  }

  private void ping(Engine engine, List<Step> steps) {
    long start = nanoTime.getAsLong();
    try {
      engine.ping();
      steps.add(new Step("ping", true, since(start), "ready"));
    } catch (RuntimeException e) {
      steps.add(new Step("ping", false, since(start), e.getMessage()));
    }
  }

  private List<String> prompt(
      Engine engine, Engine twin, int index, List<String> priorClaims, List<Step> steps) {
    String name = "prompt-" + (index + 1);
    var request =
        new EngineRequest("engine-check", index + 1, CANNED_PROMPTS.get(index), priorClaims, 42L);
    long start = nanoTime.getAsLong();
    try {
      EngineResponse first = engine.process(request);
      long micros = since(start);
      EngineResponse second = twin.process(request);
      String problem = problemWith(first, second);
      String detail =
          problem != null
              ? problem
              : String.format(
                  java.util.Locale.ROOT,
                  "%s escalated=%s contradictions=%d modelled=%.1fms",
                  first.tier(),
                  first.escalated(),
                  first.contradictions(),
                  first.latencyMicros() / 1000.0);
      steps.add(new Step(name, problem == null, micros, detail));
      List<String> next = new ArrayList<>(priorClaims);
      next.addAll(first.claims());
      return next;
    } catch (RuntimeException e) {
      steps.add(new Step(name, false, since(start), e.getMessage()));
      return priorClaims;
    }
  }

  private static String problemWith(EngineResponse first, EngineResponse second) {
    if (!first.digest().equals(Digests.sha256Hex(first.answer()))) {
      return "digest is not the SHA-256 of the answer";
    }
    if (!first.equals(second)) {
      return "nondeterministic: two instances answered the same request differently";
    }
    return null;
  }

  private long since(long startNanos) {
    return (nanoTime.getAsLong() - startNanos) / 1_000;
  }
}
