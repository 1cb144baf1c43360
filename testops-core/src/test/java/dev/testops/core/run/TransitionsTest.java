package dev.testops.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every pair of states, checked against the documented life cycles. */
class TransitionsTest {
  private static final Set<String> RUN_ALLOWED =
      Set.of(
          "QUEUED>RUNNING",
          "QUEUED>CANCELLED",
          "QUEUED>ERROR",
          "RUNNING>PASSED",
          "RUNNING>FAILED",
          "RUNNING>ERROR",
          "RUNNING>CANCELLED");
  private static final Set<String> PHASE_ALLOWED =
      Set.of(
          "PENDING>RUNNING",
          "PENDING>SKIPPED",
          "RUNNING>PASSED",
          "RUNNING>FAILED",
          "RUNNING>ERROR",
          "RUNNING>SKIPPED");

  @Test
  void everyRunStatePair_isAllowedExactlyWhenTheLifeCycleSaysSo() {
    int checked = 0;
    for (RunStatus from : RunStatus.values()) {
      for (RunStatus to : RunStatus.values()) {
        boolean expected = RUN_ALLOWED.contains(from + ">" + to);
        assertThat(Transitions.allowed(from, to)).as(from + " -> " + to).isEqualTo(expected);
        if (!expected) {
          assertThatThrownBy(() -> Transitions.check(from, to))
              .isInstanceOf(Transitions.IllegalTransition.class)
              .hasMessageContaining(from.wireName() + " to " + to.wireName());
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(36);
  }

  @Test
  void everyPhaseStatePair_isAllowedExactlyWhenTheLifeCycleSaysSo() {
    int checked = 0;
    for (PhaseStatus from : PhaseStatus.values()) {
      for (PhaseStatus to : PhaseStatus.values()) {
        boolean expected = PHASE_ALLOWED.contains(from + ">" + to);
        assertThat(Transitions.allowed(from, to)).as(from + " -> " + to).isEqualTo(expected);
        if (!expected) {
          assertThatThrownBy(() -> Transitions.check(from, to))
              .isInstanceOf(Transitions.IllegalTransition.class);
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(36);
  }

  @Test
  void terminalStates_areExactlyTheEnds() {
    assertThat(EnumSet.allOf(RunStatus.class).stream().filter(RunStatus::isTerminal))
        .containsExactlyInAnyOrder(
            RunStatus.PASSED, RunStatus.FAILED, RunStatus.ERROR, RunStatus.CANCELLED);
    assertThat(EnumSet.allOf(PhaseStatus.class).stream().filter(PhaseStatus::isTerminal))
        .containsExactlyInAnyOrder(
            PhaseStatus.PASSED, PhaseStatus.FAILED, PhaseStatus.SKIPPED, PhaseStatus.ERROR);
  }
}
