package dev.testops.core.config;

import dev.testops.core.TestOpsException;
import dev.testops.core.dataset.SimProfile;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The SIM batch configuration ({@code config/sim_config.yaml}).
 *
 * @param maxUsers the ceiling on synthetic users per SIM batch
 * @param defaultUsers users simulated when a request does not say
 * @param defaultProfile the profile used when a request does not say
 * @param defaultSuite the suite recorded when a request does not say
 * @param defaultSeed the configured seed, if any (else the seed derives from the run id)
 * @param profiles the profiles by name
 * @param maxInFlight the most requests a SIM or replay keeps in flight at once to an engine that
 *     takes them asynchronously (an engine over HTTP), when a request does not say
 */
public record SimConfig(
    int maxUsers,
    int defaultUsers,
    String defaultProfile,
    String defaultSuite,
    OptionalLong defaultSeed,
    Map<String, SimProfile> profiles,
    int maxInFlight) {

  /** The absolute ceiling TestOps supports; a configuration may lower it, never raise it. */
  public static final int ABSOLUTE_MAX_USERS = 10_000;

  /** Copies the profiles into a sorted map. */
  public SimConfig {
    profiles = Collections.unmodifiableSortedMap(new TreeMap<>(profiles));
  }

  /**
   * Returns the named profile, or the default one when the name is empty.
   *
   * @throws TestOpsException.InvalidInput naming the known profiles when the name is unknown
   */
  public SimProfile profile(Optional<String> name) {
    String wanted = name.orElse(defaultProfile);
    SimProfile profile = profiles.get(wanted);
    if (profile == null) {
      throw new TestOpsException.InvalidInput(
          "unknown profile '" + wanted + "' (known: " + String.join(", ", profiles.keySet()) + ")");
    }
    return profile;
  }

  /**
   * Checks a requested number of users against the ceiling.
   *
   * @throws TestOpsException.CeilingExceeded naming the ceiling when {@code users} exceeds it
   * @throws TestOpsException.InvalidInput when {@code users} is below 1
   */
  public void checkUsers(int users) {
    if (users < 1) {
      throw new TestOpsException.InvalidInput("users must be at least 1, was " + users);
    }
    if (users > maxUsers) {
      throw new TestOpsException.CeilingExceeded(
          String.format(
              Locale.ROOT,
              "%d users exceeds the SIM ceiling of %d users (max_users in config/sim_config.yaml)",
              users,
              maxUsers));
    }
  }
}
