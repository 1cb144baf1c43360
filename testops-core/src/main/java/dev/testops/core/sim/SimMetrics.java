package dev.testops.core.sim;

import static dev.testops.core.canonical.CanonicalJson.ratio;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.dataset.Persona;
import dev.testops.engine.Tier;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Aggregated SIM metrics for a whole run. Not thread-safe: the sink thread replays each chunk's
 * {@link ChunkMetrics} into one instance with {@link #merge}. Every figure is an integer count, a
 * sum of integers, a maximum or an HdrHistogram count, so the result is exact and independent of
 * how the users were split or in which order chunks arrive.
 */
public final class SimMetrics {
  /** Width of a heatmap row, in simulated seconds. */
  public static final int HEATMAP_TIME_BUCKET_SECONDS = Heatmap.TIME_BUCKET_SECONDS;

  private static final long HIGHEST_LATENCY_MICROS = 3_600_000_000L;
  private static final Tier[] TIERS = Tier.values();
  private static final Persona[] PERSONAS = Persona.values();

  // Indexed by Tier.ordinal() or Persona.ordinal(): one run holds one instance, so every histogram
  // is allocated up front instead of looked up per request.
  private final Histogram latency = newHistogram();
  private final Histogram[] latencyByTier = new Histogram[TIERS.length];
  private final long[] tierCounts = new long[TIERS.length];
  private final long[] tierEscalations = new long[TIERS.length];
  private final PersonaFigures[] personas = new PersonaFigures[PERSONAS.length];
  private final Heatmap heatmap = new Heatmap();

  /** Indexed by turn number - 1; grows to the longest conversation seen. */
  private final List<TurnFigures> turns = new ArrayList<>();

  private long requests;
  private long errors;
  private long escalations;
  private long contradictions;
  private long requestsWithContradictions;
  private long confidenceMicrosSum;
  private long latencyMicrosSum;
  private long simulatedSpanMillis;

  /** Per-persona figures. */
  private static final class PersonaFigures {
    long users;
    long requests;
    long errors;
    long escalations;
    long contradictions;
    final long[] tiers = new long[TIERS.length];
    final Histogram latency = newHistogram();
  }

  /** Per-turn figures: what happens as conversations go on. */
  private static final class TurnFigures {
    long requests;
    long errors;
    long escalations;
    long contradictions;
    long requestsWithContradictions;
    final long[] tiers = new long[TIERS.length];
  }

  /** Creates empty metrics. */
  public SimMetrics() {
    for (int t = 0; t < TIERS.length; t++) {
      latencyByTier[t] = newHistogram();
    }
    for (int p = 0; p < PERSONAS.length; p++) {
      personas[p] = new PersonaFigures();
    }
  }

  private static Histogram newHistogram() {
    return new Histogram(HIGHEST_LATENCY_MICROS, 3);
  }

  /** Adds one chunk's events into these metrics. */
  public void merge(ChunkMetrics chunk) {
    chunk.replayInto(this);
  }

  void addUsers(int persona, long count) {
    personas[persona].users += count;
  }

  void addErrors(int persona, long count) {
    requests += count;
    errors += count;
    personas[persona].requests += count;
    personas[persona].errors += count;
  }

  /** Counts one failed request of turn {@code turn} (from 1) in the per-turn figures. */
  void addTurnError(int turn) {
    TurnFigures figures = turn(turn);
    figures.requests++;
    figures.errors++;
  }

  private TurnFigures turn(int number) {
    while (turns.size() < number) {
      turns.add(new TurnFigures());
    }
    return turns.get(number - 1);
  }

  /**
   * Counts one answered request.
   *
   * @param turnNumber the user's turn, from 1
   * @param sentAtMillis when the request was sent, in simulated ms from the start of the run
   */
  void addResponse(
      int persona,
      int tier,
      boolean escalated,
      int turnNumber,
      int responseContradictions,
      long responseLatencyMicros,
      long confidenceMicros,
      long sentAtMillis) {
    long micros = Math.min(responseLatencyMicros, HIGHEST_LATENCY_MICROS);
    requests++;
    latency.recordValue(micros);
    latencyMicrosSum += micros;
    latencyByTier[tier].recordValue(micros);
    tierCounts[tier]++;
    PersonaFigures figures = personas[persona];
    figures.requests++;
    figures.latency.recordValue(micros);
    figures.tiers[tier]++;
    if (escalated) {
      escalations++;
      figures.escalations++;
      tierEscalations[tier]++;
    }
    contradictions += responseContradictions;
    figures.contradictions += responseContradictions;
    if (responseContradictions > 0) {
      requestsWithContradictions++;
    }
    TurnFigures byTurn = turn(turnNumber);
    byTurn.requests++;
    byTurn.tiers[tier]++;
    byTurn.contradictions += responseContradictions;
    if (escalated) {
      byTurn.escalations++;
    }
    if (responseContradictions > 0) {
      byTurn.requestsWithContradictions++;
    }
    confidenceMicrosSum += confidenceMicros;
    heatmap.add(tier, sentAtMillis, micros / 1000);
    simulatedSpanMillis = Math.max(simulatedSpanMillis, sentAtMillis + micros / 1000);
  }

  /** The number of requests sent, answered or failed. */
  public long requests() {
    return requests;
  }

  /** The number of failed requests. */
  public long errors() {
    return errors;
  }

  /** Renders the metrics as a canonical JSON object (the snapshot's {@code metrics.sim}). */
  public ObjectNode toJson() {
    ObjectNode json = CanonicalJson.object();
    long answered = requests - errors;
    json.put("requests", requests);
    json.put("errors", errors);
    json.put("error_rate", ratio(errors, requests));
    ObjectNode latencyMs = latencyJson(latency, true);
    latencyMs.put("mean", ratio(latencyMicrosSum, answered * 1000L));
    json.set("latency_ms", latencyMs);
    ObjectNode tiers = json.putObject("tiers");
    ObjectNode escalationJson = json.putObject("escalations");
    escalationJson.put("count", escalations);
    escalationJson.put("rate", ratio(escalations, answered));
    ObjectNode byTier = escalationJson.putObject("by_tier");
    ObjectNode latencyByTierJson = json.putObject("latency_ms_by_tier");
    for (Tier tier : TIERS) {
      int i = tier.ordinal();
      ObjectNode t = tiers.putObject(tier.name());
      t.put("count", tierCounts[i]);
      t.put("share", ratio(tierCounts[i], answered));
      ObjectNode e = byTier.putObject(tier.name());
      e.put("count", tierEscalations[i]);
      e.put("rate", ratio(tierEscalations[i], tierCounts[i]));
      latencyByTierJson.set(tier.name(), latencyJson(latencyByTier[i], false));
    }
    ObjectNode byPersona = escalationJson.putObject("by_persona");
    ObjectNode contradictionJson = json.putObject("contradictions");
    contradictionJson.put("total", contradictions);
    contradictionJson.put("requests_with_contradictions", requestsWithContradictions);
    contradictionJson.put("rate", ratio(requestsWithContradictions, answered));
    ObjectNode contradictionsByPersona = contradictionJson.putObject("by_persona");
    ObjectNode personaJson = json.putObject("personas");
    for (Persona persona : PERSONAS) {
      PersonaFigures f = personas[persona.ordinal()];
      long personaAnswered = f.requests - f.errors;
      ObjectNode e = byPersona.putObject(persona.wireName());
      e.put("count", f.escalations);
      e.put("rate", ratio(f.escalations, personaAnswered));
      contradictionsByPersona.put(persona.wireName(), f.contradictions);
      ObjectNode p = personaJson.putObject(persona.wireName());
      p.put("users", f.users);
      p.put("requests", f.requests);
      p.put("errors", f.errors);
      p.put("escalations", f.escalations);
      p.put("escalation_rate", ratio(f.escalations, personaAnswered));
      p.put("contradictions", f.contradictions);
      ObjectNode pt = p.putObject("tiers");
      for (Tier tier : TIERS) {
        pt.put(tier.name(), f.tiers[tier.ordinal()]);
      }
      p.set("latency_ms", latencyJson(f.latency, false));
    }
    json.set("by_turn", turnsJson());
    json.put("confidence_mean", ratio(confidenceMicrosSum, answered * 1_000_000L));
    json.put("simulated_span_seconds", ratio(simulatedSpanMillis, 1000));
    json.set("heatmap", heatmap.toJson());
    return json;
  }

  /**
   * The per-turn breakdown, in turn order: requests, errors, tier counts and shares, Opus
   * escalations and contradictions of every user's n-th turn.
   */
  private ArrayNode turnsJson() {
    ArrayNode json = CanonicalJson.array();
    for (int i = 0; i < turns.size(); i++) {
      TurnFigures f = turns.get(i);
      long answered = f.requests - f.errors;
      ObjectNode t = json.addObject();
      t.put("turn", i + 1);
      t.put("requests", f.requests);
      t.put("errors", f.errors);
      ObjectNode tiers = t.putObject("tiers");
      for (Tier tier : TIERS) {
        ObjectNode count = tiers.putObject(tier.name());
        count.put("count", f.tiers[tier.ordinal()]);
        count.put("share", ratio(f.tiers[tier.ordinal()], answered));
      }
      ObjectNode e = t.putObject("escalations");
      e.put("count", f.escalations);
      e.put("rate", ratio(f.escalations, answered));
      ObjectNode c = t.putObject("contradictions");
      c.put("total", f.contradictions);
      c.put("requests_with_contradictions", f.requestsWithContradictions);
      c.put("rate", ratio(f.requestsWithContradictions, answered));
    }
    return json;
  }

  private static ObjectNode latencyJson(Histogram h, boolean full) {
    ObjectNode json = CanonicalJson.object();
    json.put("count", h.getTotalCount());
    if (h.getTotalCount() == 0) {
      return json;
    }
    if (full) {
      json.put("min", ratio(h.getMinValue(), 1000));
      json.put("p999", ratio(h.getValueAtPercentile(99.9), 1000));
    }
    json.put("p50", ratio(h.getValueAtPercentile(50), 1000));
    json.put("p90", ratio(h.getValueAtPercentile(90), 1000));
    json.put("p95", ratio(h.getValueAtPercentile(95), 1000));
    json.put("p99", ratio(h.getValueAtPercentile(99), 1000));
    json.put("max", ratio(h.getMaxValue(), 1000));
    return json;
  }
}
