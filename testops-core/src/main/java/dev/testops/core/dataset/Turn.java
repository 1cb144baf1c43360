package dev.testops.core.dataset;

import java.util.Objects;

/**
 * One prompt of a synthetic conversation.
 *
 * @param number the turn number, starting at 1
 * @param prompt the prompt text
 * @param thinkTimeMillis the simulated pause before this turn is sent
 */
public record Turn(int number, String prompt, long thinkTimeMillis) {

  /** Validates the fields. */
  public Turn {
    if (number < 1) {
      throw new IllegalArgumentException("number must be >= 1, was " + number);
    }
    Objects.requireNonNull(prompt, "prompt");
    if (thinkTimeMillis < 0) {
      throw new IllegalArgumentException("thinkTimeMillis must be >= 0, was " + thinkTimeMillis);
    }
  }
}
