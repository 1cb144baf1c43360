package dev.testops.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CanonicalJson#decimal} and {@link CanonicalJson#decimalText} take a fast path that must
 * agree, to the last digit and scale, with the exact {@code BigDecimal} rounding they replace.
 */
class CanonicalDecimalTest {

  @Test
  void namedValues_roundAsTheExactExpansionDoes() {
    double[] values = {
      0,
      -0.0,
      1,
      -1,
      0.5,
      1e-9,
      -1e-9,
      0.8903,
      0.1 + 0.2,
      123456.7890125,
      100,
      1.0 / 3,
      2.0 / 3,
      0.0000005,
      0.0000015,
      0.0000025,
      -0.0000005,
      1.0000005,
      0.1234565,
      0.9999995,
      0.99999949,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      1e15,
      1e20,
      Math.PI,
      Math.E,
      1099511.627776,
      1099511.6277755,
      1099511.6277765,
      4503599627370495.5
    };
    for (double value : values) {
      assertAgrees(value);
    }
  }

  @Test
  void manyValues_inEveryRange_roundAsTheExactExpansionDoes() {
    var random = new SplittableRandom(20_261_125L);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      values.add(random.nextDouble());
      values.add(random.nextDouble(-2_000_000, 2_000_000));
      values.add(Math.scalb(random.nextDouble(), random.nextInt(-60, 60)));
      // Values with at most 7 decimals put many exactly on, or a hair from, a rounding tie.
      values.add(random.nextLong(-100_000_000L, 100_000_000L) / 1e7);
      values.add(random.nextInt(0, 10_000) / 1e4);
    }
    for (double value : values) {
      assertAgrees(value);
    }
  }

  @Test
  void text_isPlain_withoutExponentOrTrailingZeros() {
    assertThat(CanonicalJson.decimalText(100)).isEqualTo("100");
    assertThat(CanonicalJson.decimalText(0.8903)).isEqualTo("0.8903");
    assertThat(CanonicalJson.decimalText(1e-9)).isEqualTo("0");
    assertThat(CanonicalJson.decimalText(-0.0000015)).isEqualTo("-0.000002");
    assertThat(CanonicalJson.decimalText(0.1 + 0.2)).isEqualTo("0.3");
    assertThat(CanonicalJson.decimalText(123456.7890125)).isEqualTo("123456.789012");
  }

  @Test
  void nonFiniteValues_areRefused() {
    for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> CanonicalJson.decimal(value))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> CanonicalJson.decimalText(value))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static void assertAgrees(double value) {
    var exact = CanonicalJson.exactDecimal(value);
    // equals, not compareTo: the scale must match too, or the written text could differ.
    assertThat(CanonicalJson.decimal(value)).as("decimal(%s)", value).isEqualTo(exact);
    assertThat(CanonicalJson.decimalText(value))
        .as("decimalText(%s)", value)
        .isEqualTo(exact.toPlainString());
  }
}
