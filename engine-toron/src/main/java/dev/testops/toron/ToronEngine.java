package dev.testops.toron;

import dev.testops.engine.Digests;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineDescriptor;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.SplitMix64;
import dev.testops.engine.Tier;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The Toron v2.5H+ simulator. Immutable after construction, so safe to call from many threads.
 *
 * <p>The routing and escalation constants are calibrated so that the default {@code offline}
 * dataset lands near T1 50% / T2 35% / T3 15% with 3-8% Opus escalations (checked by {@code
 * OfflineProfileCalibrationTest} in testops-core); change them together with that test.
 */
final class ToronEngine implements Engine {
  static final String ID = "toron-v2.5h+";
  static final String VERSION = "2.5.0";

  /** Routing scores (complexity plus weighted ambiguity) at or above this go to T2. */
  static final double T2_FROM_SCORE = 1.8;

  /** Routing scores at or above this go to T3. */
  static final double T3_FROM_SCORE = 4.2;

  /** The spread of the seeded noise added to the routing score, so borderline prompts vary. */
  static final double ROUTING_NOISE = 0.35;

  /** Answers less confident than this are escalated to Opus. */
  static final double ESCALATE_BELOW_CONFIDENCE = 0.55;

  /** A turn with this many contradictions is escalated whatever its confidence. */
  static final int ESCALATE_FROM_CONTRADICTIONS = 2;

  private static final EngineDescriptor DESCRIPTOR =
      new EngineDescriptor(
          ID,
          VERSION,
          new TreeSet<>(
              List.of(
                  "claims",
                  "contradictions",
                  "fault-injection",
                  "modelled-latency",
                  "opus-escalation")));

  private final FaultPlan faults;

  /**
   * Appended to the answers the nondeterministic fault selects. Drawn from {@link SecureRandom}
   * once per instance: the one deliberate source of nondeterminism in this engine, so that two
   * instances (or two runs) disagree on exactly the selected requests.
   */
  private final String nonce;

  ToronEngine(FaultPlan faults) {
    this.faults = Objects.requireNonNull(faults, "faults");
    this.nonce =
        faults.nondeterministicRate() > 0
            ? String.format(Locale.ROOT, "%016x", new SecureRandom().nextLong())
            : "";
  }

  @Override
  public EngineDescriptor describe() {
    return DESCRIPTOR;
  }

  @Override
  public void ping() {
    // A simulator has nothing to warm up or connect to: if it was constructed it is ready.
  }

  @Override
  public EngineResponse process(EngineRequest request) {
    Objects.requireNonNull(request, "request");
    sleepIfSlow();
    if (faults.errorRate() > 0
        && ToronFaults.affects(request, ToronFaults.ERROR, faults.errorRate())) {
      throw new EngineException("injected fault: error");
    }
    var rng =
        new SplitMix64(
            SplitMix64.seedOf(
                "toron",
                VERSION,
                request.seed(),
                request.userId(),
                request.turn(),
                request.prompt()));
    // The draws below happen in a fixed order whatever the outcome, so each stays comparable
    // across engine changes that only move a threshold.
    PromptFeatures features = PromptFeatures.of(request.prompt());
    Tier tier = route(features, rng.nextGaussian());
    List<String> claims = Claims.extract(request.prompt());
    int contradictions = Claims.contradictions(claims, request.priorClaims());
    double confidence = confidence(tier, features, contradictions, rng.nextGaussian());
    boolean escalated =
        confidence < ESCALATE_BELOW_CONFIDENCE || contradictions >= ESCALATE_FROM_CONTRADICTIONS;
    long latencyMicros = LatencyModel.latencyMicros(tier, escalated, rng);
    String answer =
        Answers.compose(tier, features, claims, contradictions, confidence, escalated, rng);
    if (faults.nondeterministicRate() > 0
        && ToronFaults.affects(
            request, ToronFaults.NONDETERMINISTIC, faults.nondeterministicRate())) {
      // Only the answer (and so the digest) changes: claims stay put, so later turns of the
      // session are unaffected and a replay differs on exactly the selected requests.
      answer = answer + " [nonce " + nonce + "]";
    }
    return new EngineResponse(
        tier,
        escalated,
        contradictions,
        confidence,
        latencyMicros,
        answer,
        Digests.sha256Hex(answer),
        claims);
  }

  static Tier route(PromptFeatures features, double gaussian) {
    double score = features.complexity() + 0.6 * features.ambiguity() + ROUTING_NOISE * gaussian;
    if (score >= T3_FROM_SCORE) {
      return Tier.T3;
    }
    return score >= T2_FROM_SCORE ? Tier.T2 : Tier.T1;
  }

  /** Confidence in [0, 1], rounded to 4 decimals so it renders the same everywhere. */
  static double confidence(
      Tier tier, PromptFeatures features, int contradictions, double gaussian) {
    double base =
        switch (tier) {
          case T1 -> 0.93;
          case T2 -> 0.86;
          case T3 -> 0.78;
        };
    double value =
        base
            - 0.05 * features.ambiguity()
            - 0.35 * contradictions
            - (features.injection() ? 0.25 : 0.0)
            + 0.05 * gaussian;
    double clamped = Math.max(0.0, Math.min(1.0, value));
    return Math.round(clamped * 10_000) / 10_000.0;
  }

  private void sleepIfSlow() {
    if (faults.slowMillis() == 0) {
      return;
    }
    try {
      Thread.sleep(faults.slowMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted during injected fault: slow", e);
    }
  }
}
