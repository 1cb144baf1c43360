package dev.testops.core.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.Sims;
import dev.testops.core.TestOpsException;
import dev.testops.engine.EngineOptions;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EngineCheckTest {
  private final EngineRegistry registry = Sims.registry();
  // A fake monotonic clock: every reading is 1 ms after the previous one.
  private final AtomicLong ticks = new AtomicLong();
  private final EngineCheck check = new EngineCheck(() -> ticks.addAndGet(1_000_000));

  @Test
  void toron_passesEveryStep_withTimings() {
    var result = check.run("toron-v2.5h+", () -> registry.open("toron-v2.5h+", clean()));

    assertThat(result.passed()).isTrue();
    assertThat(result.steps())
        .extracting(EngineCheck.Step::name)
        .containsExactly(
            "load", "describe", "ping", "prompt-1", "prompt-2", "prompt-3", "prompt-4");
    assertThat(result.steps()).allSatisfy(s -> assertThat(s.durationMicros()).isPositive());
    assertThat(result.descriptor().version()).isEqualTo("2.5.0");
  }

  @Test
  void nondeterministicEngine_failsTheCheck() {
    var options = EngineOptions.NONE.with("fault", "nondeterministic:1.0");
    var result = check.run("toron-v2.5h+", () -> registry.open("toron-v2.5h+", options));

    assertThat(result.passed()).isFalse();
    assertThat(result.steps().get(3).detail()).contains("nondeterministic");
  }

  @Test
  void failingEngine_failsTheCheck_withTheEngineMessage() {
    var options = EngineOptions.NONE.with("fault", "error:1.0");
    var result = check.run("toron-v2.5h+", () -> registry.open("toron-v2.5h+", options));

    assertThat(result.passed()).isFalse();
    assertThat(result.steps().get(3).detail()).contains("injected fault");
  }

  @Test
  void engineThatCannotStart_failsTheLoadStep() {
    var options = EngineOptions.NONE.with("fault", "explode:1");
    var result = check.run("toron-v2.5h+", () -> registry.open("toron-v2.5h+", options));

    assertThat(result.passed()).isFalse();
    assertThat(result.steps()).hasSize(1);
    assertThat(result.steps().get(0).detail()).contains("could not start");
  }

  @Test
  void unknownEngine_isNotFound_listingTheKnownOnes() {
    assertThatThrownBy(() -> registry.requireKnown("nope"))
        .isInstanceOf(TestOpsException.NotFound.class)
        .hasMessageContaining("(known: ")
        .hasMessageContaining("toron-v2.5h+");
  }

  private static EngineOptions clean() {
    return EngineOptions.NONE.with("fault", "");
  }
}
