package dev.testops.core.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The shape of a synthetic dataset: how many turns each user holds, the persona mix, how arrivals
 * spread over simulated time and how long users think between turns.
 *
 * @param name the profile's name, e.g. {@code offline}
 * @param turnsPerUser the number of turns in every conversation
 * @param personaMix the share of each persona; the shares must sum to 1
 * @param arrivalWindowSeconds users arrive uniformly over this simulated window
 * @param meanThinkTimeMillis the mean simulated pause between turns
 */
public record SimProfile(
    String name,
    int turnsPerUser,
    Map<Persona, Double> personaMix,
    int arrivalWindowSeconds,
    long meanThinkTimeMillis) {

  /** The most turns a profile may ask for. */
  public static final int MAX_TURNS_PER_USER = 50;

  /**
   * Validates every field and reports all violations at once.
   *
   * @throws IllegalArgumentException listing each violation with its field and bound
   */
  public SimProfile {
    Objects.requireNonNull(personaMix, "personaMix");
    List<String> problems = new ArrayList<>();
    if (name == null || !name.matches("[a-z0-9_-]{1,40}")) {
      problems.add("name must match [a-z0-9_-]{1,40}, was '" + name + "'");
    }
    if (turnsPerUser < 1 || turnsPerUser > MAX_TURNS_PER_USER) {
      problems.add(
          "turns_per_user must be in [1, " + MAX_TURNS_PER_USER + "], was " + turnsPerUser);
    }
    double sum = 0;
    for (var share : personaMix.entrySet()) {
      if (!(share.getValue() >= 0.0 && share.getValue() <= 1.0)) {
        problems.add(
            "persona_mix."
                + share.getKey().wireName()
                + " must be in [0, 1], was "
                + share.getValue());
      }
      sum += share.getValue();
    }
    if (personaMix.isEmpty() || Math.abs(sum - 1.0) > 1e-9) {
      problems.add(String.format(Locale.ROOT, "persona_mix must sum to 1, sums to %.6f", sum));
    }
    if (arrivalWindowSeconds < 1 || arrivalWindowSeconds > 86_400) {
      problems.add("arrival_window_seconds must be in [1, 86400], was " + arrivalWindowSeconds);
    }
    if (meanThinkTimeMillis < 0 || meanThinkTimeMillis > 600_000) {
      problems.add("mean_think_time_millis must be in [0, 600000], was " + meanThinkTimeMillis);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid profile '" + name + "': " + String.join("; ", problems));
    }
    personaMix = Collections.unmodifiableMap(new EnumMap<>(personaMix));
  }
}
