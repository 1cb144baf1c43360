package dev.testops.engine;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a synthetic user's conversation.
 *
 * @param userId the synthetic user's id, e.g. {@code user-00042}
 * @param turn the turn number within the session, starting at 1
 * @param prompt the user's prompt text
 * @param priorClaims the claims the engine extracted earlier in this session, oldest first
 * @param seed the run's seed; an engine derives any randomness from it and the other fields
 */
public record EngineRequest(
    String userId, int turn, String prompt, List<String> priorClaims, long seed) {

  /** Validates the fields and copies the claims. */
  public EngineRequest {
    EngineDescriptor.requireText(userId, "userId");
    if (turn < 1) {
      throw new IllegalArgumentException("turn must be >= 1, was " + turn);
    }
    Objects.requireNonNull(prompt, "prompt");
    priorClaims = List.copyOf(Objects.requireNonNull(priorClaims, "priorClaims"));
  }
}
