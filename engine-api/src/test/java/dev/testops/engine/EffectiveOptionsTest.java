package dev.testops.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EffectiveOptionsTest {

  @Test
  void aProviderThatSaysNothing_runsWithTheRequestedOptions_allFromTheOption() {
    EngineProvider provider =
        new EngineProvider() {
          @Override
          public String id() {
            return "quiet";
          }

          @Override
          public Engine create(EngineOptions options) {
            throw new UnsupportedOperationException();
          }
        };

    EffectiveOptions effective =
        provider.effectiveOptions(
            new EngineOptions(Map.of("url", "http://x", "a", "1")), name -> "ignored");

    assertThat(effective.values().keySet()).containsExactly("a", "url");
    assertThat(effective.get("url")).contains(EffectiveOption.option("http://x"));
    assertThat(effective.options().values())
        .containsExactlyEntriesOf(new TreeMap<>(Map.of("a", "1", "url", "http://x")));
  }

  @Test
  void anEnvironmentValue_namesItsVariable_andNoOtherSourceDoes() {
    assertThat(EffectiveOption.environment("TORON_FAULT", "error:0.5").describeSource())
        .isEqualTo("environment TORON_FAULT");
    assertThat(EffectiveOption.byDefault("none").describeSource()).isEqualTo("default");
    assertThatThrownBy(() -> new EffectiveOption("x", OptionSource.ENVIRONMENT, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EffectiveOption("x", OptionSource.OPTION, "VAR"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sources_roundTripThroughTheirWireNames() {
    for (OptionSource source : OptionSource.values()) {
      assertThat(OptionSource.fromWireName(source.wireName())).isEqualTo(source);
    }
    assertThatThrownBy(() -> OptionSource.fromWireName("flag"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
