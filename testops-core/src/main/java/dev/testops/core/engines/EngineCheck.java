package dev.testops.core.engines;

import dev.testops.core.dataset.SimProfile;
import dev.testops.engine.Digests;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineDescriptor;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Engine Check phase: load the engine, describe it, ping it, send a few canned prompts, then
 * {@linkplain #PROBES enough probes} from the seeded dataset to catch a partial fault, timing every
 * step. Every request also goes to a second, independently created instance of the engine: an
 * engine whose answers depend on anything but the request (per-instance state, the clock, a shared
 * random source) is caught here, before a SIM is spent on it.
 *
 * <p>Sizing: a fault that hits a share {@code p} of requests escapes {@code n} independent probes
 * with probability {@code (1 - p)^n}, so catching {@code p = 2 %} with 99 % takes {@code n >=
 * ln(0.01) / ln(0.98) = 227.9}: {@value #PROBES} probes. Any failed or differing probe fails the
 * check. For nondeterminism the probes must be distinct requests each sent to two instances:
 * Toron's {@code nondeterministic:p} picks its requests by a hash of the request (the same on every
 * instance) and appends a nonce drawn once per instance, so one instance asked twice answers the
 * same, while two instances differ on every picked request; the seeded dataset gives distinct
 * requests (user, turn, prompt, prior claims).
 */
public final class EngineCheck {
  /** The canned prompts, from a reflex question to a contradiction. */
  static final List<String> CANNED_PROMPTS =
      List.of(
          "What time zone is Tokyo in?",
          "Compare the quarterly revenue of 3 regions and then explain the variance in 2 steps.",
          "The deadline is friday.",
          "Actually the deadline is not friday.");

  /** The smallest fault rate the probes are sized to catch. */
  public static final double DETECTED_RATE = 0.02;

  /** The probability with which a fault at {@link #DETECTED_RATE} is caught. */
  public static final double CONFIDENCE = 0.99;

  /** Probes sent: the least {@code n} with {@code (1 - DETECTED_RATE)^n <= 1 - CONFIDENCE}. */
  public static final int PROBES = probesFor(DETECTED_RATE, CONFIDENCE);

  /** Users whose probes go out at the same time. */
  public static final int PARALLEL_USERS = 16;

  private final LongSupplier nanoTime;

  /**
   * Creates a check that times steps with the given monotonic clock.
   *
   * @param nanoTime a monotonic nanosecond source, e.g. {@code System::nanoTime}
   */
  public EngineCheck(LongSupplier nanoTime) {
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * The least number of independent probes that catch a fault hitting a share {@code rate} of
   * requests with probability {@code confidence}.
   */
  static int probesFor(double rate, double confidence) {
    return (int) StrictMath.ceil(StrictMath.log(1 - confidence) / StrictMath.log(1 - rate));
  }

  /**
   * Where the probes come from: the first {@code count} turns, in user then turn order, of the
   * dataset of {@code profile} and {@code seed} (each turn with the claims of the earlier ones).
   */
  public record Probes(SimProfile profile, long seed, int count) {
    /** Validates the fields. */
    public Probes {
      Objects.requireNonNull(profile, "profile");
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0, was " + count);
      }
    }

    /** {@value EngineCheck#PROBES} probes of the profile and seed. */
    public static Probes of(SimProfile profile, long seed) {
      return new Probes(profile, seed, PROBES);
    }
  }

  /** One timed step of the check. */
  public record Step(String name, boolean passed, long durationMicros, String detail) {}

  /**
   * What the probes found.
   *
   * @param planned probes the check meant to send
   * @param sent probes sent (each to both instances)
   * @param errors probes an instance failed
   * @param nondeterministic probes the two instances answered differently (or with a digest that is
   *     not the SHA-256 of the answer)
   */
  public record ProbeCounts(int planned, int sent, int errors, int nondeterministic) {}

  /**
   * The outcome: the engine's descriptor (when it could be read), every step in order, the probe
   * counts, and whether the check stopped early because it was cancelled.
   */
  public record Result(
      String engineId,
      EngineDescriptor descriptor,
      List<Step> steps,
      ProbeCounts probes,
      boolean cancelled) {
    /** Whether every step passed (a cancelled check did not). */
    public boolean passed() {
      return !cancelled && !steps.isEmpty() && steps.stream().allMatch(Step::passed);
    }
  }

  /**
   * Runs the check on an engine the supplier opens (its failure is reported as the load step).
   *
   * @param probes the dataset probes to send after the canned prompts
   * @param cancelled asked before every request; when it answers {@code true} the check stops there
   *     and returns a result marked cancelled
   */
  public Result run(
      String engineId, Supplier<Engine> open, Probes probes, BooleanSupplier cancelled) {
    return run(engineId, open, probes, cancelled, sent -> {});
  }

  /**
   * Runs the check, telling {@code probesSent} after every probe how many have been sent (for
   * progress: with a slow engine the probes take a while). The probes of different users go out
   * side by side, so {@code probesSent} and {@code cancelled} are called from several threads.
   */
  public Result run(
      String engineId,
      Supplier<Engine> open,
      Probes probes,
      BooleanSupplier cancelled,
      IntConsumer probesSent) {
    List<Step> steps = new ArrayList<>();
    // The engine under check and the second instance the determinism probes compare it with are
    // timed apart: the load step is the engine's own creation, not half of both.
    long start = nanoTime.getAsLong();
    Engine engine;
    try {
      engine = open.get();
    } catch (RuntimeException e) {
      steps.add(new Step("load", false, since(start), e.getMessage()));
      return new Result(engineId, null, steps, new ProbeCounts(probes.count(), 0, 0, 0), false);
    }
    long loadMicros = since(start);
    long twinStart = nanoTime.getAsLong();
    Engine twin;
    try {
      twin = open.get();
    } catch (RuntimeException e) {
      engine.close();
      steps.add(
          new Step(
              "load",
              false,
              loadMicros,
              "engine created, but not a second instance: " + e.getMessage()));
      return new Result(engineId, null, steps, new ProbeCounts(probes.count(), 0, 0, 0), false);
    }
    steps.add(
        new Step(
            "load",
            true,
            loadMicros,
            String.format(
                Locale.ROOT,
                "engine created (a second instance, for the probes, in %.1f ms)",
                since(twinStart) / 1000.0)));
    try (engine;
        twin) {
      EngineDescriptor descriptor = describe(engine, steps);
      ping(engine, steps);
      List<String> claims = new ArrayList<>();
      for (int i = 0; i < CANNED_PROMPTS.size(); i++) {
        if (cancelled.getAsBoolean()) {
          return new Result(
              engineId, descriptor, steps, new ProbeCounts(probes.count(), 0, 0, 0), true);
        }
        claims = prompt(engine, twin, i, claims, steps);
      }
      var counts =
          new EngineCheckProbes(nanoTime, engine, twin, probes, cancelled, probesSent).run(steps);
      return new Result(engineId, descriptor, steps, counts, counts.sent() < probes.count());
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
                  Locale.ROOT,
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

  static String problemWith(EngineResponse first, EngineResponse second) {
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
