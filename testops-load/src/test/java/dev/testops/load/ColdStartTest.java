package dev.testops.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.engine.Engine;
import dev.testops.enginehttp.EngineHttpServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A load test from a cold start must not blame the target for the generator: the warm-up is kept
 * apart from the results, a saturated generator makes latency thresholds inconclusive, and a cancel
 * stops the run at once.
 */
class ColdStartTest {
  private static final long SEED = 42L;

  private static LoadGenerator generator(EngineHttpServer server) {
    return new LoadGenerator(URI.create(server.url()), TestEngines.offline(), SEED);
  }

  /** A meter whose every reading is one more second of CPU: the loops look busy all the time. */
  private static final class BusyMeter implements CpuMeter {
    private final AtomicLong readings = new AtomicLong();

    @Override
    public long processCpuNanos() {
      return TimeUnit.SECONDS.toNanos(100) * readings.incrementAndGet();
    }

    @Override
    public long currentThreadCpuNanos() {
      return TimeUnit.SECONDS.toNanos(100) * readings.incrementAndGet();
    }

    @Override
    public int cores() {
      return 2;
    }
  }

  @Test
  void theWarmup_isSentAtTheStartingRate_andKeptApartFromTheMetricsAndThresholds() {
    try (Engine engine = TestEngines.toron();
        EngineHttpServer server = TestEngines.serve(engine, 2)) {
      Scenario scenario =
          Scenario.constantArrivalRate("warm", 100, 2_000, 10, 50)
              .withWarmupMillis(1_000)
              .withThresholds(Map.of("iterations", List.of("count==200")));

      LoadResult result = generator(server).run(scenario);

      // The measured window holds exactly the scenario's 200 arrivals; the warm-up's 100 are
      // counted apart, at the same starting rate.
      assertThat(result.offered()).isEqualTo(200);
      assertThat(result.iterations()).isEqualTo(200);
      assertThat(result.warmup().offered()).isEqualTo(100);
      assertThat(result.warmup().totals().requests()).isEqualTo(100);
      assertThat(result.warmup().ratePerSecond()).isEqualTo(100);
      assertThat(result.totals().lag().getTotalCount()).isEqualTo(200);
      assertThat(result.totals().series().stream().mapToLong(SecondStats::requests).sum())
          .isEqualTo(200);
      JsonNode json = result.toJson();
      assertThat(json.at("/metrics/http_reqs/count").longValue()).isEqualTo(200);
      assertThat(json.at("/warmup/requests").longValue()).isEqualTo(100);
      assertThat(json.at("/warmup/duration_s").decimalValue()).isEqualByComparingTo("1");
      assertThat(json.at("/metrics/iterations/thresholds/count==200").booleanValue()).isFalse();
    }
  }

  @Test
  void withoutAWarmup_thereIsNoWarmupObject_andEverythingIsMeasured() {
    try (Engine engine = TestEngines.toron();
        EngineHttpServer server = TestEngines.serve(engine, 2)) {
      LoadResult result =
          generator(server).run(Scenario.constantArrivalRate("cold", 100, 1_000, 10, 50));

      assertThat(result.warmup()).isNull();
      assertThat(result.iterations()).isEqualTo(100);
      assertThat(result.toJson().has("warmup")).isFalse();
    }
  }

  @Test
  void aSaturatedGenerator_makesLatencyThresholdsInconclusive_notFailed_andSaysWhy() {
    try (Engine engine = TestEngines.toron();
        EngineHttpServer server = TestEngines.serve(engine, 2)) {
      Scenario scenario =
          Scenario.constantArrivalRate("saturated", 100, 1_000, 10, 50)
              .withThresholds(
                  Map.of(
                      "http_req_duration", List.of("p(99)<0"),
                      "http_req_failed", List.of("rate<0.01")));

      LoadResult result = generator(server).withCpuMeter(new BusyMeter()).run(scenario);

      assertThat(result.generator().saturated()).isTrue();
      assertThat(result.generator().reasons())
          .anyMatch(r -> r.contains("busiest event loop on CPU") && r.contains("> 90 %"));
      // p(99)<0 would fail on any target: here it says nothing about the target.
      var byMetric = result.thresholds();
      assertThat(byMetric)
          .filteredOn(o -> o.threshold().metric().equals("http_req_duration"))
          .singleElement()
          .satisfies(o -> assertThat(o.result()).isEqualTo("inconclusive"));
      assertThat(byMetric)
          .filteredOn(o -> o.threshold().metric().equals("http_req_failed"))
          .singleElement()
          .satisfies(o -> assertThat(o.result()).isEqualTo("passed"));
      assertThat(result.failures()).isEmpty();
      assertThat(result.verdict()).isEqualTo("inconclusive");
      assertThat(result.passed()).isFalse();
      assertThat(result.inconclusive())
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r)
                      .contains("the load generator, not the target, was the bottleneck")
                      .contains("http_req_duration p(99)<0"));
      JsonNode json = result.toJson();
      assertThat(json.at("/generator_saturated").booleanValue()).isTrue();
      assertThat(json.at("/generator/busiest_loop_cpu").doubleValue()).isGreaterThan(0.9);
      assertThat(json.at("/metrics/http_req_duration/thresholds").has("p(99)<0")).isFalse();
      assertThat(json.at("/threshold_results/0/result").asString()).isEqualTo("inconclusive");
      assertThat(json.at("/verdict").asString()).isEqualTo("inconclusive");
    }
  }

  @Test
  void aGeneratorThatKeptUp_judgesLatencyThresholds() {
    try (Engine engine = TestEngines.toron();
        EngineHttpServer server = TestEngines.serve(engine, 2)) {
      Scenario scenario =
          Scenario.constantArrivalRate("idle", 50, 1_000, 5, 20)
              .withThresholds(Map.of("http_req_duration", List.of("p(99)<0")));
      CpuMeter idle =
          new CpuMeter() {
            @Override
            public long processCpuNanos() {
              return 0;
            }

            @Override
            public long currentThreadCpuNanos() {
              return 0;
            }

            @Override
            public int cores() {
              return 2;
            }
          };

      LoadResult result = generator(server).withCpuMeter(idle).run(scenario);

      // Only the measured dispatch lag could still call it saturated: assert on what it says.
      if (!result.generator().saturated()) {
        assertThat(result.verdict()).isEqualTo("failed");
        assertThat(result.failures()).anyMatch(f -> f.contains("p(99)<0: failed"));
      } else {
        assertThat(result.generator().reasons()).allMatch(r -> r.startsWith("dispatch lag p99"));
      }
    }
  }

  @Test
  void theBoundsAreAppliedOneByOne() {
    assertThat(GeneratorCheck.of(1, 0.5, 0.5, 2).saturated()).isFalse();
    assertThat(GeneratorCheck.of(10.5, 0.5, 0.5, 2).reasons())
        .containsExactly("dispatch lag p99 10.500 ms > 10 ms");
    assertThat(GeneratorCheck.of(1, 0.95, 0.5, 2).reasons())
        .containsExactly("busiest event loop on CPU 95 % of the time > 90 %");
    assertThat(GeneratorCheck.of(1, 0.5, 0.97, 2).reasons())
        .containsExactly("process CPU 97 % of 2 cores > 90 %");
    assertThat(GeneratorCheck.of(1, -1, -1, 2).saturated()).isFalse();
  }

  @Test
  void aCancel_stopsTheRunWithinASecond_withoutTheGracefulStop() {
    try (Engine engine = TestEngines.toron();
        EngineHttpServer server = TestEngines.serve(engine, 2)) {
      Scenario scenario =
          Scenario.constantArrivalRate("long", 100, 60_000, 10, 50).withWarmupMillis(1_000);
      AtomicLong cancelAt = new AtomicLong(Long.MAX_VALUE);
      long start = System.nanoTime();
      long cancelAfter = TimeUnit.MILLISECONDS.toNanos(1_500);

      LoadResult result =
          generator(server)
              .run(
                  scenario,
                  () -> {
                    long now = System.nanoTime();
                    if (now - start >= cancelAfter) {
                      cancelAt.compareAndSet(Long.MAX_VALUE, now);
                      return true;
                    }
                    return false;
                  });
      long stoppedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelAt.get());

      assertThat(stoppedMillis).as("ms from the cancel to the result").isLessThan(1_000);
      assertThat(result.cancelled()).isTrue();
      assertThat(result.verdict()).isEqualTo("failed");
      assertThat(result.failures()).contains("cancelled before the end of the scenario");
      // Half a second of the measured minute ran: far fewer than its 6,000 arrivals.
      assertThat(result.offered()).isLessThan(1_000);
    }
  }

  @Test
  void theClosedModel_warmsUpWithItsVus_andHasNoOfferedRate() {
    try (Engine engine = TestEngines.toron();
        EngineHttpServer server = TestEngines.serve(engine, 2)) {
      Scenario scenario =
          Scenario.constantVus("closed", 8, 1_000).withThinkTimeMillis(0).withWarmupMillis(500);

      LoadResult result = generator(server).run(scenario);

      assertThat(result.warmup().vus()).isEqualTo(8);
      assertThat(result.warmup().totals().requests()).isPositive();
      assertThat(result.iterations()).isPositive();
      JsonNode json = result.toJson();
      assertThat(json.has("offered_rate")).isFalse();
      assertThat(json.at("/scenario/vus_started").longValue()).isZero();
      assertThat(json.at("/warmup/vus").intValue()).isEqualTo(8);
    }
  }
}
