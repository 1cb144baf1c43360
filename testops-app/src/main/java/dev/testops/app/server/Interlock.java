package dev.testops.app.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The BEGIN TESTING safety interlock of the legacy routes: typing the phrase unlocks {@code
 * /tests/run} and {@code /tests/run_all} for a while. It guards against accidental runs; it is not
 * authentication. The state lives in memory, so a restarted server starts locked. Thread-safe.
 */
final class Interlock {
  /** The phrase that unlocks testing, exactly. */
  static final String PHRASE = "BEGIN TESTING";

  private final Clock clock;
  private final Duration window;
  private volatile Instant unlockedUntil = Instant.MIN;

  Interlock(Clock clock, Duration window) {
    this.clock = clock;
    this.window = window;
  }

  /**
   * Unlocks testing for the window when the phrase is right.
   *
   * @return when the unlock expires
   * @throws HttpProblem 400 for any other phrase
   */
  Instant unlock(String phrase) {
    if (!PHRASE.equals(phrase == null ? null : phrase.strip())) {
      throw HttpProblem.wrongPhrase("type the phrase exactly: " + PHRASE);
    }
    Instant until = clock.instant().plus(window);
    unlockedUntil = until;
    return until;
  }

  /**
   * Lets a legacy run through while testing is unlocked.
   *
   * @throws HttpProblem 423 while locked
   */
  void requireUnlocked() {
    if (!clock.instant().isBefore(unlockedUntil)) {
      throw HttpProblem.locked(
          "testing is locked: POST /begin with {\"phrase\": \"" + PHRASE + "\"} first");
    }
  }

  /** How long an unlock lasts. */
  Duration window() {
    return window;
  }
}
