package dev.testops.core.run;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A named, ordered list of phases with their parameters ({@code config/suites/<name>.yaml}).
 *
 * @param name the suite's name
 * @param description one line for people
 * @param defaultUsers synthetic users when a request does not say ({@code dataset.users})
 * @param profile the dataset profile when a request does not say ({@code dataset.profile})
 * @param seed the seed when neither a request nor {@code SIM_SEED} gives one ({@code dataset.seed})
 * @param phases the phases, in order
 */
public record Suite(
    String name,
    String description,
    int defaultUsers,
    Optional<String> profile,
    OptionalLong seed,
    List<Step> phases) {

  /** Copies the phases. */
  public Suite {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(seed, "seed");
    phases = List.copyOf(phases);
  }

  /** A suite that leaves the profile and the seed to the configuration. */
  public Suite(String name, String description, int defaultUsers, List<Step> phases) {
    this(name, description, defaultUsers, Optional.empty(), OptionalLong.empty(), phases);
  }

  /**
   * One phase of a suite and its parameters.
   *
   * @param phase the phase name
   * @param params its parameters (e.g. {@code floor: 98} for replay), as text
   */
  public record Step(String phase, Map<String, String> params) {
    /** Copies the parameters. */
    public Step {
      Objects.requireNonNull(phase, "phase");
      params = Map.copyOf(params);
    }
  }

  /** The phase names, in order. */
  public List<String> phaseNames() {
    return phases.stream().map(Step::phase).toList();
  }

  /** The parameters of a phase in this suite (empty when it has none or is absent). */
  public Map<String, String> params(String phase) {
    return phases.stream()
        .filter(s -> s.phase().equals(phase))
        .findFirst()
        .map(Step::params)
        .orElse(Map.of());
  }
}
