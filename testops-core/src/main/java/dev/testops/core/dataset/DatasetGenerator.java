package dev.testops.core.dataset;

import dev.testops.engine.SplitMix64;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Generates synthetic users from (profile, seed, user index) alone.
 *
 * <p>Thread-safe: every call derives its own random stream by hashing, so users can be generated
 * concurrently and in any order with identical results.
 */
public final class DatasetGenerator {
  /**
   * Think times are capped at this multiple of the mean: an exponential tail of hours would only
   * stretch a simulated session without exercising anything new.
   */
  static final int THINK_TIME_CAP_MEANS = 10;

  private final SimProfile profile;
  private final long seed;

  /** Creates a generator for one profile and seed. */
  public DatasetGenerator(SimProfile profile, long seed) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.seed = seed;
  }

  /**
   * Returns the user at the index (from 0); the same (profile, seed, index) always gives an equal
   * user.
   *
   * @throws IllegalArgumentException when the index is negative
   */
  public SyntheticUser user(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    var rng = new SplitMix64(SplitMix64.seedOf("testops-user", profile.name(), seed, index));
    Persona persona = persona(rng.nextDouble());
    long arrivalMillis = (long) (rng.nextDouble() * (profile.arrivalWindowSeconds() * 1000L));
    List<String> prompts = PromptBank.conversation(persona, profile.turnsPerUser(), rng);
    List<Turn> turns = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      // The first turn is sent on arrival; later ones after the user has read and thought.
      long thinkTimeMillis = i == 0 ? 0 : thinkTimeMillis(rng.nextDouble());
      turns.add(new Turn(i + 1, prompts.get(i), thinkTimeMillis));
    }
    String id = String.format(Locale.ROOT, "user-%05d", index + 1);
    return new SyntheticUser(index, id, persona, arrivalMillis, turns);
  }

  /** Picks the persona whose cumulative share, in enum order, first exceeds the draw. */
  private Persona persona(double draw) {
    double cumulative = 0.0;
    Persona last = null;
    for (Persona persona : Persona.values()) {
      double share = profile.personaMix().getOrDefault(persona, 0.0);
      if (share <= 0.0) {
        continue;
      }
      cumulative += share;
      last = persona;
      if (draw < cumulative) {
        return persona;
      }
    }
    // Shares sum to 1 within rounding; a draw in that last sliver belongs to the last persona.
    return last;
  }

  /** An exponential think time around the profile's mean, capped, in whole milliseconds. */
  private long thinkTimeMillis(double draw) {
    long mean = profile.meanThinkTimeMillis();
    double millis = -mean * StrictMath.log(1.0 - draw);
    return Math.min(Math.round(millis), mean * THINK_TIME_CAP_MEANS);
  }
}
