package dev.testops.engine;

import java.util.List;
import java.util.Objects;

/**
 * What an engine answered to one request.
 *
 * @param tier the reasoning tier the request was routed to
 * @param escalated whether the request was escalated to Opus, the heavyweight fallback
 * @param contradictions how many of this turn's claims contradict the session's prior claims
 * @param confidence the engine's confidence in its answer, in [0, 1]
 * @param latencyMicros the modelled latency of this request in microseconds (computed, not
 *     measured)
 * @param answer the answer text
 * @param digest the lowercase hex SHA-256 of the UTF-8 answer
 * @param claims the claims extracted from this turn, to be passed as prior claims to later turns
 */
public record EngineResponse(
    Tier tier,
    boolean escalated,
    int contradictions,
    double confidence,
    long latencyMicros,
    String answer,
    String digest,
    List<String> claims) {

  /** Validates the fields and copies the claims. */
  public EngineResponse {
    Objects.requireNonNull(tier, "tier");
    if (contradictions < 0) {
      throw new IllegalArgumentException("contradictions must be >= 0, was " + contradictions);
    }
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], was " + confidence);
    }
    if (latencyMicros < 0) {
      throw new IllegalArgumentException("latencyMicros must be >= 0, was " + latencyMicros);
    }
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(digest, "digest");
    claims = List.copyOf(Objects.requireNonNull(claims, "claims"));
  }
}
