package dev.testops.toron;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Claim extraction and the contradiction rule. */
class ClaimsTest {

  @Test
  void extract_normalisesStatementsToSubjectAndValue() {
    assertThat(Claims.extract("The Deadline is Friday. My budget is 500!"))
        .containsExactly("deadline=friday", "budget=500");
  }

  @Test
  void extract_marksNegationsAndSkipsArticles() {
    assertThat(Claims.extract("the venue is not the Berlin office; my pet is a cat."))
        .containsExactly("venue!=berlin", "pet=cat");
  }

  @Test
  void extract_ignoresQuestionsAndPronounSubjects() {
    assertThat(Claims.extract("what is the deadline? it is late. there is a cat. is it?"))
        .isEmpty();
  }

  @Test
  void extract_dropsDuplicatesKeepingFirstAppearance() {
    assertThat(Claims.extract("the deadline is friday. the budget is 5. the deadline is friday."))
        .containsExactly("deadline=friday", "budget=5");
  }

  @Test
  void contradict_differentValuesOrAssertedAndDeniedSameValue() {
    assertThat(Claims.contradict("deadline=friday", "deadline=monday")).isTrue();
    assertThat(Claims.contradict("deadline!=friday", "deadline=friday")).isTrue();
    assertThat(Claims.contradict("deadline=friday", "deadline=friday")).isFalse();
    assertThat(Claims.contradict("deadline!=friday", "deadline=monday")).isFalse();
    assertThat(Claims.contradict("deadline!=friday", "deadline!=monday")).isFalse();
    assertThat(Claims.contradict("deadline=friday", "budget=500")).isFalse();
  }

  @Test
  void contradictions_countsEachClaimOnceAndIgnoresMalformedPriorClaims() {
    List<String> prior = List.of("deadline=friday", "deadline=tuesday", "garbage", "=x");

    assertThat(Claims.contradictions(List.of("deadline=monday", "budget=1"), prior)).isEqualTo(1);
  }
}
