package dev.testops.toron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.engine.EffectiveOption;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of the fault switch and where it is read from. */
class FaultPlanTest {
  private static final EngineRequest REQUEST =
      new EngineRequest("user-00001", 1, "hello", List.of(), 7L);

  @Test
  void parse_readsEveryKind() {
    FaultPlan plan = FaultPlan.parse("nondeterministic:0.05, error : 0.1 ,slow:25");

    assertThat(plan).isEqualTo(new FaultPlan(0.05, 0.1, 25));
  }

  @Test
  void parse_acceptsBoundsAndUpperCaseKinds() {
    assertThat(FaultPlan.parse("ERROR:1,Nondeterministic:0")).isEqualTo(new FaultPlan(0, 1, 0));
    assertThat(FaultPlan.parse("error:.5,slow:60000")).isEqualTo(new FaultPlan(0, 0.5, 60_000));
  }

  @Test
  void parse_treatsNullAndBlankAsNoFaults() {
    assertThat(FaultPlan.parse(null)).isEqualTo(FaultPlan.NONE);
    assertThat(FaultPlan.parse("  ")).isEqualTo(FaultPlan.NONE);
    assertThat(FaultPlan.parse(" None ")).isEqualTo(FaultPlan.NONE);
  }

  @Test
  void effectiveOptions_sayWhereTheFaultCameFrom_optionEnvironmentOrDefault() {
    var fromOption =
        provider("error:1")
            .effectiveOptions(EngineOptions.NONE.with("fault", "error:0.2"), env("x"));
    var fromEnvironment =
        provider("").effectiveOptions(EngineOptions.NONE.with("url", "u"), env(" error:0.5 "));
    var byDefault = provider("").effectiveOptions(EngineOptions.NONE, env("  "));

    assertThat(fromOption.get("fault")).contains(EffectiveOption.option("error:0.2"));
    assertThat(fromEnvironment.get("fault"))
        .contains(EffectiveOption.environment("TORON_FAULT", "error:0.5"));
    assertThat(fromEnvironment.get("url")).contains(EffectiveOption.option("u"));
    assertThat(byDefault.get("fault")).contains(EffectiveOption.byDefault("none"));
  }

  @Test
  void anEngineCreatedFromItsEffectiveOptions_behavesTheSame_whateverTheEnvironmentThen() {
    var recorded = provider("").effectiveOptions(EngineOptions.NONE, env("error:1")).options();
    var cleanRecorded = provider("").effectiveOptions(EngineOptions.NONE, env(null)).options();

    // Created later, under another environment: the recorded values decide, not the variable.
    Engine failing = provider("").create(recorded);
    Engine healthy = provider("error:1").create(cleanRecorded);

    assertThatThrownBy(() -> failing.process(REQUEST)).hasMessage("injected fault: error");
    assertThatCode(() -> healthy.process(REQUEST)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "error",
        "error:",
        "error:1.5",
        "error:-0.1",
        "error:abc",
        "error:NaN",
        "error:1e-1",
        "slow:-1",
        "slow:1.5",
        "slow:60001",
        "boom:0.1",
        "error:0.1,",
        "error:0.1,error:0.2"
      })
  void parse_rejectsBadSpecNamingThePartAndTheSyntax(String spec) {
    assertThatThrownBy(() -> FaultPlan.parse(spec))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("'" + spec + "'")
        .hasMessageContaining("nondeterministic:<rate>, error:<rate>, slow:<millis>");
  }

  @Test
  void parse_namesTheBadPartAmongGoodOnes() {
    assertThatThrownBy(() -> FaultPlan.parse("error:0.1,slow:fast"))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("invalid fault 'slow:fast'");
  }

  @Test
  void create_readsTheEnvironmentWhenTheOptionIsAbsent() {
    Engine engine = provider("error:1").create(EngineOptions.NONE);

    assertThatThrownBy(() -> engine.process(REQUEST)).hasMessage("injected fault: error");
  }

  @Test
  void create_optionBeatsTheEnvironment() {
    Engine failing = provider("").create(new EngineOptions(Map.of("fault", "error:1")));
    Engine healthy = provider("error:1").create(EngineOptions.NONE.with("fault", ""));

    assertThatThrownBy(() -> failing.process(REQUEST)).isInstanceOf(EngineException.class);
    assertThatCode(() -> healthy.process(REQUEST)).doesNotThrowAnyException();
  }

  @Test
  void create_rejectsAnInvalidEnvironmentValue() {
    assertThatThrownBy(() -> provider("chaos").create(EngineOptions.NONE))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("'chaos'");
  }

  @Test
  void create_looksUpTheToronFaultVariable() {
    var asked = new ArrayList<String>();
    new ToronEngineProvider(
            name -> {
              asked.add(name);
              return null;
            })
        .create(EngineOptions.NONE);

    assertThat(asked).containsExactly("TORON_FAULT");
  }

  private static java.util.function.Function<String, String> env(String faultValue) {
    return name -> ToronFaults.ENV.equals(name) ? faultValue : null;
  }

  private static ToronEngineProvider provider(String environmentValue) {
    return new ToronEngineProvider(name -> ToronFaults.ENV.equals(name) ? environmentValue : null);
  }
}
