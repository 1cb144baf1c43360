package dev.testops.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Users are a pure function of (profile, seed, index) and follow the profile's shape. */
class DatasetGeneratorTest {
  private static final long SEED = 42L;
  private final DatasetGenerator generator = new DatasetGenerator(Profiles.offline(), SEED);

  @Test
  void user_isTheSameWhateverTheGenerationOrderOrThread() {
    List<SyntheticUser> forward = IntStream.range(0, 500).mapToObj(generator::user).toList();
    var fresh = new DatasetGenerator(Profiles.offline(), SEED);
    var backward = new SyntheticUser[500];
    for (int index = 499; index >= 0; index--) {
      backward[index] = fresh.user(index);
    }
    var parallel = new SyntheticUser[500];
    IntStream.range(0, 500).parallel().forEach(index -> parallel[index] = generator.user(index));

    assertThat(backward).containsExactlyElementsOf(forward);
    assertThat(parallel).containsExactlyElementsOf(forward);
  }

  @Test
  void user_differsWithTheSeed() {
    var reseeded = new DatasetGenerator(Profiles.offline(), SEED + 1);
    int different = 0;
    for (int index = 0; index < 200; index++) {
      if (!generator.user(index).equals(reseeded.user(index))) {
        different++;
      }
    }

    assertThat(different).isGreaterThan(195);
  }

  @Test
  void user_idIsTheOneBasedIndexPaddedToFiveDigits() {
    assertThat(generator.user(0).id()).isEqualTo("user-00001");
    assertThat(generator.user(41).id()).isEqualTo("user-00042");
    assertThat(generator.user(41).index()).isEqualTo(41);
  }

  @Test
  void user_personaSharesFollowTheMixWithinThreePoints() {
    Map<Persona, Integer> counts = new EnumMap<>(Persona.class);
    int users = 5_000;
    for (int index = 0; index < users; index++) {
      counts.merge(generator.user(index).persona(), 1, Integer::sum);
    }

    Profiles.offline()
        .personaMix()
        .forEach(
            (persona, share) ->
                assertThat(counts.getOrDefault(persona, 0) / (double) users)
                    .as("share of %s", persona)
                    .isCloseTo(share, within(0.03)));
  }

  @Test
  void user_holdsTheProfilesTurnsNumberedFromOne() {
    SyntheticUser user = generator.user(7);

    assertThat(user.turns()).extracting(Turn::number).containsExactly(1, 2, 3, 4, 5);
    assertThat(user.turns()).allSatisfy(turn -> assertThat(turn.prompt()).isNotBlank());
  }

  @Test
  void user_arrivesInsideTheWindowAndThinksAboutTheMeanTime() {
    List<Long> thinkTimes = new ArrayList<>();
    for (int index = 0; index < 2_000; index++) {
      SyntheticUser user = generator.user(index);
      assertThat(user.arrivalMillis()).isBetween(0L, 600_000L - 1);
      assertThat(user.turns().get(0).thinkTimeMillis())
          .as("first turn is sent on arrival")
          .isZero();
      user.turns()
          .subList(1, user.turns().size())
          .forEach(turn -> thinkTimes.add(turn.thinkTimeMillis()));
    }
    double mean = thinkTimes.stream().mapToLong(Long::longValue).average().orElseThrow();

    assertThat(mean).isCloseTo(4_000.0, within(200.0));
    assertThat(thinkTimes).allSatisfy(millis -> assertThat(millis).isBetween(0L, 40_000L));
  }

  @Test
  void user_analystsUseNumbersAndPowerUsersWriteLongerPromptsThanCasualUsers() {
    double casual = meanPromptLength(Persona.CASUAL);
    double power = meanPromptLength(Persona.POWER_USER);
    var analysts = new DatasetGenerator(Profiles.only(Persona.ANALYST), SEED);
    long withDigits =
        IntStream.range(0, 200)
            .mapToObj(analysts::user)
            .flatMap(user -> user.turns().stream())
            .filter(turn -> turn.prompt().matches(".*\\d.*"))
            .count();

    assertThat(power).isGreaterThan(2 * casual);
    assertThat(withDigits).isGreaterThan(900);
  }

  @Test
  void user_rejectsNegativeIndex() {
    assertThatThrownBy(() -> generator.user(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  private static double meanPromptLength(Persona persona) {
    var only = new DatasetGenerator(Profiles.only(persona), SEED);
    return IntStream.range(0, 200)
        .mapToObj(only::user)
        .flatMap(user -> user.turns().stream())
        .mapToInt(turn -> turn.prompt().length())
        .average()
        .orElseThrow();
  }
}
