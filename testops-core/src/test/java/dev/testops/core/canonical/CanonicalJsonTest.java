package dev.testops.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void keysAreSorted_atEveryLevel() {
    var node = CanonicalJson.object();
    node.put("b", 1);
    node.putObject("a").put("z", 1).put("y", 2);

    assertThat(CanonicalJson.line(node)).isEqualTo("{\"a\":{\"y\":2,\"z\":1},\"b\":1}");
  }

  @Test
  void decimals_haveAFixedFormat_withoutExponentsOrTrailingZeros() {
    var node = CanonicalJson.object();
    node.put("third", CanonicalJson.decimal(1.0 / 3));
    node.put("hundred", CanonicalJson.decimal(100.0));
    node.put("tiny", CanonicalJson.decimal(1e-9));
    node.put("ratio", CanonicalJson.ratio(1, 8));

    assertThat(CanonicalJson.line(node))
        .isEqualTo("{\"hundred\":100,\"ratio\":0.125,\"third\":0.333333,\"tiny\":0}");
  }

  @Test
  void rawDoubles_areRefused_becauseTheirTextDiffersBetweenJdks() {
    var node = CanonicalJson.object();
    node.putObject("metrics").put("p95", 2.5d);

    assertThatThrownBy(() -> CanonicalJson.line(node))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.metrics.p95");
  }

  @Test
  void prettyOutput_usesNewlinesOnly_andEndsWithOne() {
    var node = CanonicalJson.object();
    node.putArray("list").add(1).add(2);

    String text = new String(CanonicalJson.pretty(node), StandardCharsets.UTF_8);

    assertThat(text).isEqualTo("{\n  \"list\": [\n    1,\n    2\n  ]\n}\n");
  }

  @Test
  void parseThenWrite_roundTripsCanonicalText() {
    String line = "{\"a\":0.5,\"b\":[1,2,{\"c\":\"x\"}],\"d\":12345678901}";

    assertThat(CanonicalJson.line(CanonicalJson.parse(line.getBytes(), "t"))).isEqualTo(line);
  }
}
