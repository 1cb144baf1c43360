package dev.testops.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.dataset.Persona;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.Tier;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Chunk metrics merge to the same figures however the events are split and in whatever order. */
class ChunkMetricsTest {
  private static final int EVENTS = 5_000;

  @Test
  void oneChunkOrManyInAnyOrder_giveIdenticalMetrics() {
    ChunkMetrics whole = new ChunkMetrics(4);
    ChunkMetrics[] parts = new ChunkMetrics[7];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = new ChunkMetrics(1);
    }
    var random = new SplittableRandom(11);
    for (int i = 0; i < EVENTS; i++) {
      Persona persona = Persona.values()[random.nextInt(Persona.values().length)];
      ChunkMetrics part = parts[random.nextInt(parts.length)];
      int kind = random.nextInt(10);
      int turn = 1 + random.nextInt(8);
      if (kind == 0) {
        whole.addUser(persona);
        part.addUser(persona);
      } else if (kind == 1) {
        whole.addError(persona, turn);
        part.addError(persona, turn);
      } else {
        EngineResponse response = response(random);
        // Up to 5 simulated hours, so the heatmap grows well past its first rows.
        long sentAtMillis = random.nextLong(0, 5 * 3_600_000L);
        whole.addResponse(persona, turn, response, sentAtMillis);
        part.addResponse(persona, turn, response, sentAtMillis);
      }
    }
    var merged = new SimMetrics();
    merged.merge(whole);
    var mergedInReverse = new SimMetrics();
    for (int i = parts.length - 1; i >= 0; i--) {
      mergedInReverse.merge(parts[i]);
    }

    String expected = CanonicalJson.line(merged.toJson());
    assertThat(CanonicalJson.line(mergedInReverse.toJson())).isEqualTo(expected);
    assertThat(merged.requests()).isEqualTo(mergedInReverse.requests()).isPositive();
    assertThat(merged.errors()).isEqualTo(mergedInReverse.errors()).isPositive();
    assertThat(merged.toJson().path("heatmap").path("time_buckets").asInt()).isGreaterThan(200);
    assertThat(merged.toJson().path("by_turn")).hasSize(8);
  }

  @Test
  void perTurnFigures_countEachTurnsTiersEscalationsContradictionsAndErrors() {
    ChunkMetrics chunk = new ChunkMetrics(4);
    chunk.addResponse(Persona.CASUAL, 1, answer(Tier.T1, true, 0), 0);
    chunk.addResponse(Persona.CASUAL, 1, answer(Tier.T2, false, 0), 10);
    chunk.addResponse(Persona.ANALYST, 2, answer(Tier.T3, false, 2), 20);
    chunk.addResponse(Persona.ANALYST, 2, answer(Tier.T3, true, 1), 30);
    chunk.addError(Persona.ANALYST, 2);
    var metrics = new SimMetrics();
    metrics.merge(chunk);

    var turns = metrics.toJson().path("by_turn");
    assertThat(turns).hasSize(2);
    var first = turns.get(0);
    assertThat(first.path("turn").asInt()).isEqualTo(1);
    assertThat(first.path("requests").asLong()).isEqualTo(2);
    assertThat(first.path("errors").asLong()).isZero();
    assertThat(first.path("tiers").path("T1").path("count").asLong()).isEqualTo(1);
    assertThat(first.path("tiers").path("T1").path("share").decimalValue())
        .isEqualByComparingTo("0.5");
    assertThat(first.path("tiers").path("T3").path("count").asLong()).isZero();
    assertThat(first.path("escalations").path("count").asLong()).isEqualTo(1);
    assertThat(first.path("contradictions").path("total").asLong()).isZero();
    var second = turns.get(1);
    assertThat(second.path("turn").asInt()).isEqualTo(2);
    assertThat(second.path("requests").asLong()).isEqualTo(3);
    assertThat(second.path("errors").asLong()).isEqualTo(1);
    assertThat(second.path("tiers").path("T3").path("count").asLong()).isEqualTo(2);
    // Shares and rates are of the answered requests of that turn (2 of 3 here).
    assertThat(second.path("tiers").path("T3").path("share").decimalValue())
        .isEqualByComparingTo("1");
    assertThat(second.path("escalations").path("rate").decimalValue()).isEqualByComparingTo("0.5");
    assertThat(second.path("contradictions").path("total").asLong()).isEqualTo(3);
    assertThat(second.path("contradictions").path("requests_with_contradictions").asLong())
        .isEqualTo(2);
  }

  @Test
  void everyLatencyBreakdown_hasAP90() {
    ChunkMetrics chunk = new ChunkMetrics(4);
    for (int i = 1; i <= 100; i++) {
      chunk.addResponse(
          Persona.CASUAL,
          1,
          new EngineResponse(Tier.T2, false, 0, 0.5, i * 1000L, "a", "d", List.of()),
          0);
    }
    var metrics = new SimMetrics();
    metrics.merge(chunk);
    var json = metrics.toJson();

    // HdrHistogram keeps 3 significant digits: 90 ms reads back within 0.1 %.
    assertThat(json.path("latency_ms_by_tier").path("T2").path("p90").asDouble())
        .isBetween(90.0, 90.09);
    assertThat(json.path("personas").path("casual").path("latency_ms").path("p90").asDouble())
        .isBetween(90.0, 90.09);
  }

  private static EngineResponse answer(Tier tier, boolean escalated, int contradictions) {
    return new EngineResponse(tier, escalated, contradictions, 0.5, 1000, "a", "d", List.of());
  }

  @Test
  void noEvents_renderEveryTierAndPersonaAsZero() {
    var json = new SimMetrics().toJson();

    assertThat(json.path("requests").asLong()).isZero();
    assertThat(json.path("tiers").path("T3").path("count").asLong()).isZero();
    assertThat(json.path("personas").path("power_user").path("latency_ms").path("count").asLong())
        .isZero();
    assertThat(json.path("heatmap").path("series").path("all")).isEmpty();
  }

  private static EngineResponse response(SplittableRandom random) {
    return new EngineResponse(
        Tier.values()[random.nextInt(3)],
        random.nextInt(5) == 0,
        random.nextInt(3),
        random.nextDouble(),
        // Past the histograms' one-hour ceiling now and then, to exercise the clamp.
        random.nextInt(50) == 0 ? 4_000_000_000L : random.nextLong(0, 5_000_000),
        "a",
        "d",
        List.of());
  }
}
