package dev.testops.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.TestOpsException;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ThresholdAndScheduleTest {
  private static final Threshold.Values P95_IS_480 =
      (metric, aggregation) ->
          metric.equals("http_req_duration") && aggregation.equals("p(95)")
              ? OptionalDouble.of(480)
              : OptionalDouble.empty();

  @Test
  void thresholdsPassFailAndAMissingMetricFails() {
    assertThat(Threshold.parse("http_req_duration", "p(95)<500").evaluate(P95_IS_480).passed())
        .isTrue();
    assertThat(Threshold.parse("http_req_duration", "p(95)<=479").evaluate(P95_IS_480).passed())
        .isFalse();
    var missing = Threshold.parse("http_req_failed", "rate<0.01").evaluate(P95_IS_480);
    assertThat(missing.passed()).isFalse();
    assertThat(missing.describe()).contains("http_req_failed is missing");
    assertThat(Threshold.parse("checks", " rate > 0.99 ").aggregation()).isEqualTo("rate");
    assertThat(Threshold.parse("x", "p(99.9)<1").percentile()).isEqualTo(99.9);
    assertThatThrownBy(() -> Threshold.parse("x", "p95<1")).hasMessageContaining("k6 syntax");
  }

  @Test
  void aConstantRateIsEvenlySpaced() {
    var schedule = new ArrivalSchedule(200, List.of(new Stage(3_000, 200)));
    assertThat(schedule.totalArrivals()).isEqualTo(600);
    for (int k = 0; k < 600; k++) {
      assertThat(schedule.nextNanos()).isEqualTo(k * 5_000_000L);
    }
    assertThat(schedule.nextNanos()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aRampFollowsTheIntegralOfTheRate() {
    // 0 -> 100/s over 10 s: N(t) = 5 t^2, so arrival k is at sqrt(k / 5) s; 500 arrivals.
    var schedule = new ArrivalSchedule(0, List.of(new Stage(10_000, 100)));
    assertThat(schedule.totalArrivals()).isEqualTo(500);
    for (int k = 0; k < 500; k++) {
      assertThat(schedule.nextNanos()).isCloseTo(Math.round(Math.sqrt(k / 5.0) * 1e9), offset());
    }
    assertThat(schedule.nextNanos()).isEqualTo(Long.MAX_VALUE);
  }

  private static org.assertj.core.data.Offset<Long> offset() {
    return org.assertj.core.data.Offset.offset(1_000L);
  }

  @Test
  void theOpenFileLimitIsReadAndEnforcedNamingUlimit() {
    String limits =
        "Limit                     Soft Limit           Hard Limit           Units     \n"
            + "Max open files            1024                 524288               files     \n";
    OpenFileLimit limit = OpenFileLimit.parse(limits).orElseThrow();
    assertThat(limit).isEqualTo(new OpenFileLimit(1024, 524_288));
    limit.require(700);
    assertThatThrownBy(() -> limit.require(1_500))
        .isInstanceOf(TestOpsException.CeilingExceeded.class)
        .hasMessageContaining("limit (ulimit -n) is 1024")
        .hasMessageContaining("ulimit -n 524288");
    assertThatThrownBy(() -> new OpenFileLimit(1024, 2048).require(10_000))
        .hasMessageContaining("hard limit is only 2048");
    assertThat(OpenFileLimit.current()).isPresent();
  }
}
