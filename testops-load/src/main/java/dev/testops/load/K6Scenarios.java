package dev.testops.load;

import dev.testops.core.TestOpsException;
import dev.testops.core.dataset.DatasetGenerator;
import dev.testops.core.dataset.SimProfile;
import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.load.k6.K6ScenarioSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a TestOps {@link Scenario} onto the k6 script spec, so the k6 driver runs the same scenario
 * as the built-in generator, with the same SIM users' prompts.
 */
public final class K6Scenarios {
  /** Users embedded in a k6 script: VUs beyond them replay them in turn. */
  static final int SCRIPT_USERS = 200;

  /** k6 counts arrival rates per whole time unit; TestOps rates are per second. */
  private static final Duration PER_SECOND = Duration.ofSeconds(1);

  private K6Scenarios() {}

  /**
   * Builds the k6 spec.
   *
   * @throws TestOpsException.InvalidInput when a rate is not a whole number per second (k6 counts
   *     whole iterations per time unit)
   */
  public static K6ScenarioSpec of(Scenario scenario, URI target, SimProfile profile, long seed) {
    var generator = new DatasetGenerator(profile, seed);
    int vusNeeded = Math.max(1, scenario.peakVus());
    List<K6ScenarioSpec.User> users = new ArrayList<>();
    for (int i = 0; i < Math.min(SCRIPT_USERS, vusNeeded); i++) {
      SyntheticUser user = generator.user(i);
      users.add(
          new K6ScenarioSpec.User(user.id(), user.turns().stream().map(Turn::prompt).toList()));
    }
    List<K6ScenarioSpec.Stage> stages = new ArrayList<>();
    for (Stage stage : scenario.stages()) {
      stages.add(
          new K6ScenarioSpec.Stage(
              Duration.ofMillis(stage.durationMillis()), whole(stage.target(), "stage target")));
    }
    long thinkMillis =
        scenario.thinkTimeMillis() == Scenario.SIM_THINK_TIME
            ? profile.meanThinkTimeMillis()
            : scenario.thinkTimeMillis();
    return new K6ScenarioSpec(
        K6ScenarioSpec.Executor.valueOf(scenario.executor().name()),
        scenario.executor().open()
            ? whole(
                scenario.executor().ramping()
                    ? scenario.startRatePerSecond()
                    : scenario.ratePerSecond(),
                "rate")
            : 0,
        PER_SECOND,
        Duration.ofMillis(Math.max(1, scenario.durationMillis())),
        scenario.vus(),
        scenario.preAllocatedVus(),
        scenario.maxVus(),
        stages,
        scenario.thresholds(),
        target,
        Duration.ofMillis(thinkMillis),
        seed,
        users);
  }

  private static int whole(double value, String what) {
    if (value != Math.rint(value) || value < 0 || value > Integer.MAX_VALUE) {
      throw new TestOpsException.InvalidInput(
          "the k6 driver needs a whole " + what + " per second, was " + value);
    }
    return (int) value;
  }
}
