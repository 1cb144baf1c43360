package dev.testops.toron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.engine.CannedRequests;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineAssertions;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The injected faults hit exactly the requests {@link ToronFaults#affects} predicts. */
class ToronFaultsTest {
  private static final List<String> PROMPTS =
      List.of(
          "hello",
          "the deadline is friday.",
          "compare plan a and plan b and then estimate the cost of each.",
          "what is 12 percent of 4000?",
          "maybe it is something else, or not?");

  @Test
  void nondeterministic_changesExactlyTheSelectedAnswersBetweenInstances() {
    Engine first = engine("nondeterministic:0.05");
    Engine second = engine("nondeterministic:0.05");
    List<EngineRequest> differing = new ArrayList<>();
    List<EngineRequest> selected = new ArrayList<>();

    for (EngineRequest request : requests()) {
      EngineResponse a = first.process(request);
      EngineResponse b = second.process(request);
      if (!a.equals(b)) {
        differing.add(request);
        assertThat(b.claims()).isEqualTo(a.claims());
        assertThat(b.tier()).isEqualTo(a.tier());
        assertThat(b.latencyMicros()).isEqualTo(a.latencyMicros());
        assertThat(b.digest()).isNotEqualTo(a.digest());
      }
      if (ToronFaults.affects(request, ToronFaults.NONDETERMINISTIC, 0.05)) {
        selected.add(request);
      }
    }

    assertThat(differing).isEqualTo(selected);
    // 2,000 requests at 5%: far from zero and from all, so the check above means something.
    assertThat(selected).hasSizeBetween(60, 140);
  }

  @Test
  void nondeterministic_leavesUnselectedAnswersAsAFaultFreeEngineGivesThem() {
    Engine faulty = engine("nondeterministic:0.05");
    Engine healthy = engine("");

    for (EngineRequest request : requests()) {
      if (!ToronFaults.affects(request, ToronFaults.NONDETERMINISTIC, 0.05)) {
        assertThat(faulty.process(request)).isEqualTo(healthy.process(request));
      }
    }
  }

  @Test
  void error_throwsForExactlyTheSelectedRequests() {
    Engine engine = engine("error:0.1");
    int thrown = 0;

    for (EngineRequest request : requests()) {
      if (ToronFaults.affects(request, ToronFaults.ERROR, 0.1)) {
        assertThatThrownBy(() -> engine.process(request))
            .isInstanceOf(EngineException.class)
            .hasMessage("injected fault: error");
        thrown++;
      } else {
        EngineAssertions.assertValid(engine.process(request));
      }
    }

    assertThat(thrown).isBetween(140, 260);
  }

  @Test
  void affects_selectionsOfDifferentKindsAreIndependent() {
    List<EngineRequest> errors = new ArrayList<>();
    List<EngineRequest> nondeterministic = new ArrayList<>();
    for (EngineRequest request : requests()) {
      if (ToronFaults.affects(request, ToronFaults.ERROR, 0.5)) {
        errors.add(request);
      }
      if (ToronFaults.affects(request, ToronFaults.NONDETERMINISTIC, 0.5)) {
        nondeterministic.add(request);
      }
    }

    assertThat(errors).isNotEqualTo(nondeterministic);
  }

  @Test
  void affects_growsWithTheRateFromNoneToAll() {
    for (EngineRequest request : requests()) {
      assertThat(ToronFaults.affects(request, ToronFaults.ERROR, 0.0)).isFalse();
      assertThat(ToronFaults.affects(request, ToronFaults.ERROR, 1.0)).isTrue();
      if (ToronFaults.affects(request, ToronFaults.ERROR, 0.1)) {
        assertThat(ToronFaults.affects(request, ToronFaults.ERROR, 0.2)).isTrue();
      }
    }
  }

  @Test
  void affects_rejectsUnknownKindsAndRatesOutsideTheUnitInterval() {
    EngineRequest request = requests().get(0);

    assertThatThrownBy(() -> ToronFaults.affects(request, "slow", 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slow");
    assertThatThrownBy(() -> ToronFaults.affects(request, ToronFaults.ERROR, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ToronFaults.affects(request, ToronFaults.ERROR, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void slow_reallySleepsBeforeAnswering() {
    Engine engine = engine("slow:40");
    long start = System.nanoTime();

    engine.process(requests().get(0));

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(40_000_000L);
  }

  @Test
  void slow_interruptedFailsTheRequestAndKeepsTheInterruptFlag() {
    Engine engine = engine("slow:10000");
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> engine.process(requests().get(0)))
          .isInstanceOf(EngineException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void contractKit_twoInstanceCheckFailsAgainstANondeterministicEngine() {
    // A test kit that cannot fail is worthless: run its two-instance check on a broken engine.
    Engine first = engine("nondeterministic:1.0");
    Engine second = engine("nondeterministic:1.0");

    assertThatThrownBy(
            () -> EngineAssertions.assertSameResponses(first, second, CannedRequests.singleTurns()))
        .isInstanceOf(AssertionError.class);
  }

  private static Engine engine(String fault) {
    return new ToronEngineProvider(name -> null)
        .create(EngineOptions.NONE.with(ToronFaults.OPTION, fault));
  }

  /** 400 users with 5 turns each, every turn carrying the claims of the turns before it. */
  private static List<EngineRequest> requests() {
    Engine reference = engine("");
    List<EngineRequest> requests = new ArrayList<>();
    for (int user = 0; user < 400; user++) {
      List<String> prior = new ArrayList<>();
      for (int turn = 1; turn <= 5; turn++) {
        String prompt = PROMPTS.get((user + turn) % PROMPTS.size());
        var request = new EngineRequest("user-" + user, turn, prompt, prior, 99L);
        requests.add(request);
        prior.addAll(reference.process(request).claims());
      }
    }
    return requests;
  }
}
