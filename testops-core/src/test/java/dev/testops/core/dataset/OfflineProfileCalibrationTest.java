package dev.testops.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.engine.Engine;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.Tier;
import dev.testops.toron.ToronEngineProvider;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default offline dataset, run through Toron, gives the reports something to show: roughly T1
 * 50% / T2 35% / T3 15% with 3-8% Opus escalations, and contradictions from adversarial users.
 *
 * <p>Guards the joint calibration of the prompt bank and Toron's routing thresholds: a change to
 * either that moves the shares out of band fails here.
 */
class OfflineProfileCalibrationTest {
  private static final int USERS = 2_000;
  private static final long SEED = 42L;

  private static final Map<Tier, Integer> tiers = new EnumMap<>(Tier.class);
  private static int requests;
  private static int escalations;
  private static int adversarialUsers;
  private static int adversarialUsersWithContradictions;

  @BeforeAll
  static void runOfflineDataset() {
    var generator = new DatasetGenerator(Profiles.offline(), SEED);
    // An explicit empty fault option, so a TORON_FAULT in the environment cannot skew the numbers.
    Engine engine = new ToronEngineProvider().create(EngineOptions.NONE.with("fault", ""));
    for (int index = 0; index < USERS; index++) {
      SyntheticUser user = generator.user(index);
      List<String> priorClaims = new ArrayList<>();
      int contradictions = 0;
      for (Turn turn : user.turns()) {
        EngineResponse response =
            engine.process(
                new EngineRequest(user.id(), turn.number(), turn.prompt(), priorClaims, SEED));
        priorClaims.addAll(response.claims());
        tiers.merge(response.tier(), 1, Integer::sum);
        requests++;
        escalations += response.escalated() ? 1 : 0;
        contradictions += response.contradictions();
      }
      if (user.persona() == Persona.ADVERSARIAL) {
        adversarialUsers++;
        adversarialUsersWithContradictions += contradictions > 0 ? 1 : 0;
      }
    }
  }

  @Test
  void offline_runsTwoThousandUsersOfFiveTurns() {
    assertThat(requests).isEqualTo(USERS * 5);
  }

  @Test
  void offline_routesAboutHalfToT1() {
    assertThat(share(tiers.getOrDefault(Tier.T1, 0))).isBetween(45.0, 55.0);
  }

  @Test
  void offline_routesAboutAThirdToT2() {
    assertThat(share(tiers.getOrDefault(Tier.T2, 0))).isBetween(30.0, 40.0);
  }

  @Test
  void offline_routesAboutASixthToT3() {
    assertThat(share(tiers.getOrDefault(Tier.T3, 0))).isBetween(10.0, 20.0);
  }

  @Test
  void offline_escalatesThreeToEightPercentToOpus() {
    assertThat(share(escalations)).isBetween(3.0, 8.0);
  }

  @Test
  void offline_everyAdversarialUserContradictsItself() {
    assertThat(adversarialUsers).isGreaterThan(150);
    assertThat(adversarialUsersWithContradictions).isEqualTo(adversarialUsers);
  }

  private static double share(int count) {
    return 100.0 * count / requests;
  }
}
