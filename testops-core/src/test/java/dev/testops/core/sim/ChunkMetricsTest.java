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
      if (kind == 0) {
        whole.addUser(persona);
        part.addUser(persona);
      } else if (kind == 1) {
        whole.addError(persona);
        part.addError(persona);
      } else {
        EngineResponse response = response(random);
        // Up to 5 simulated hours, so the heatmap grows well past its first rows.
        long sentAtMillis = random.nextLong(0, 5 * 3_600_000L);
        whole.addResponse(persona, response, sentAtMillis);
        part.addResponse(persona, response, sentAtMillis);
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
