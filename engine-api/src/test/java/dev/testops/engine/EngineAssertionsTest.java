package dev.testops.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Shows that the contract test kit's assertions fail on engines that break the contract. */
class EngineAssertionsTest {

  @Test
  void assertSameResponses_passesForTwoDeterministicInstances() {
    assertThatCode(
            () ->
                EngineAssertions.assertSameResponses(
                    EchoEngine.deterministic(),
                    EchoEngine.deterministic(),
                    CannedRequests.singleTurns()))
        .doesNotThrowAnyException();
  }

  @Test
  void assertSameResponses_failsWhenInstancesDisagree() {
    assertThatThrownBy(
            () ->
                EngineAssertions.assertSameResponses(
                    EchoEngine.nondeterministic(),
                    EchoEngine.nondeterministic(),
                    CannedRequests.singleTurns()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("second engine's response");
  }

  @Test
  void assertValid_failsWhenDigestIsNotOfTheAnswer() {
    var response =
        new EngineResponse(
            Tier.T1, false, 0, 1.0, 0, "answer", Digests.sha256Hex("other"), List.of());

    assertThatThrownBy(() -> EngineAssertions.assertValid(response))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("digest");
  }

  @Test
  void assertValid_failsOnBlankAnswer() {
    var response =
        new EngineResponse(Tier.T1, false, 0, 1.0, 0, " ", Digests.sha256Hex(" "), List.of());

    assertThatThrownBy(() -> EngineAssertions.assertValid(response))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("answer");
  }
}
