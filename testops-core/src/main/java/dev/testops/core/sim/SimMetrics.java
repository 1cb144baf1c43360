package dev.testops.core.sim;

import static dev.testops.core.canonical.CanonicalJson.ratio;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.dataset.Persona;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.Tier;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Aggregated SIM metrics. Not thread-safe: each chunk fills its own instance and the instances are
 * merged in chunk order. Every figure is an integer count, a sum of integers or an HdrHistogram, so
 * merging is exact and independent of how the users were split.
 */
public final class SimMetrics {
  /** Width of a heatmap row, in simulated seconds. */
  public static final int HEATMAP_TIME_BUCKET_SECONDS = 60;

  /** Upper bounds (exclusive) of the heatmap's latency columns, in ms; a last column is open. */
  static final long[] HEATMAP_LATENCY_EDGES_MS = {25, 50, 100, 200, 400, 800, 1600, 3200};

  private static final long HIGHEST_LATENCY_MICROS = 3_600_000_000L;
  private static final String ALL = "all";

  private final Histogram latency = newHistogram();
  private final Map<Tier, Histogram> latencyByTier = new EnumMap<>(Tier.class);
  private final Map<Persona, PersonaFigures> personas = new EnumMap<>(Persona.class);
  private final Map<Tier, long[]> tierCounts = new EnumMap<>(Tier.class);
  private final SortedMap<String, SortedMap<Integer, long[]>> heatmap = new TreeMap<>();
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
    final Map<Tier, long[]> tiers = new EnumMap<>(Tier.class);
    final Histogram latency = newHistogram();
  }

  private static Histogram newHistogram() {
    return new Histogram(HIGHEST_LATENCY_MICROS, 3);
  }

  /** Counts one user. */
  void addUser(Persona persona) {
    persona(persona).users++;
  }

  /**
   * Counts one answered request.
   *
   * @param simulatedMillis when the request was sent, in simulated ms from the start of the run
   */
  void addResponse(Persona persona, EngineResponse response, long simulatedMillis) {
    long micros = Math.min(response.latencyMicros(), HIGHEST_LATENCY_MICROS);
    requests++;
    latency.recordValue(micros);
    latencyMicrosSum += micros;
    latencyByTier.computeIfAbsent(response.tier(), t -> newHistogram()).recordValue(micros);
    tierCounts.computeIfAbsent(response.tier(), t -> new long[2])[0]++;
    PersonaFigures figures = persona(persona);
    figures.requests++;
    figures.latency.recordValue(micros);
    figures.tiers.computeIfAbsent(response.tier(), t -> new long[1])[0]++;
    if (response.escalated()) {
      escalations++;
      figures.escalations++;
      tierCounts.get(response.tier())[1]++;
    }
    contradictions += response.contradictions();
    figures.contradictions += response.contradictions();
    if (response.contradictions() > 0) {
      requestsWithContradictions++;
    }
    confidenceMicrosSum += Math.round(response.confidence() * 1_000_000);
    int row = (int) (simulatedMillis / (HEATMAP_TIME_BUCKET_SECONDS * 1000L));
    int column = latencyColumn(micros / 1000);
    heatmapRow(ALL, row)[column]++;
    heatmapRow(response.tier().name(), row)[column]++;
    simulatedSpanMillis = Math.max(simulatedSpanMillis, simulatedMillis + micros / 1000);
  }

  /** Counts one failed request. */
  void addError(Persona persona) {
    requests++;
    errors++;
    persona(persona).requests++;
    persona(persona).errors++;
  }

  /** Adds another instance's figures into this one. */
  public void merge(SimMetrics other) {
    latency.add(other.latency);
    other.latencyByTier.forEach(
        (tier, h) -> latencyByTier.computeIfAbsent(tier, t -> newHistogram()).add(h));
    other.tierCounts.forEach(
        (tier, c) -> {
          long[] mine = tierCounts.computeIfAbsent(tier, t -> new long[2]);
          mine[0] += c[0];
          mine[1] += c[1];
        });
    other.personas.forEach(
        (persona, theirs) -> {
          PersonaFigures mine = persona(persona);
          mine.users += theirs.users;
          mine.requests += theirs.requests;
          mine.errors += theirs.errors;
          mine.escalations += theirs.escalations;
          mine.contradictions += theirs.contradictions;
          mine.latency.add(theirs.latency);
          theirs.tiers.forEach(
              (t, c) -> mine.tiers.computeIfAbsent(t, x -> new long[1])[0] += c[0]);
        });
    other.heatmap.forEach(
        (series, rows) ->
            rows.forEach(
                (row, cells) -> {
                  long[] mine = heatmapRow(series, row);
                  for (int i = 0; i < cells.length; i++) {
                    mine[i] += cells[i];
                  }
                }));
    requests += other.requests;
    errors += other.errors;
    escalations += other.escalations;
    contradictions += other.contradictions;
    requestsWithContradictions += other.requestsWithContradictions;
    confidenceMicrosSum += other.confidenceMicrosSum;
    latencyMicrosSum += other.latencyMicrosSum;
    simulatedSpanMillis = Math.max(simulatedSpanMillis, other.simulatedSpanMillis);
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
    for (Tier tier : Tier.values()) {
      long[] counts = tierCounts.getOrDefault(tier, new long[2]);
      ObjectNode t = tiers.putObject(tier.name());
      t.put("count", counts[0]);
      t.put("share", ratio(counts[0], answered));
      ObjectNode e = byTier.putObject(tier.name());
      e.put("count", counts[1]);
      e.put("rate", ratio(counts[1], counts[0]));
      latencyByTierJson.set(
          tier.name(), latencyJson(latencyByTier.getOrDefault(tier, newHistogram()), false));
    }
    ObjectNode byPersona = escalationJson.putObject("by_persona");
    ObjectNode contradictionJson = json.putObject("contradictions");
    contradictionJson.put("total", contradictions);
    contradictionJson.put("requests_with_contradictions", requestsWithContradictions);
    contradictionJson.put("rate", ratio(requestsWithContradictions, answered));
    ObjectNode contradictionsByPersona = contradictionJson.putObject("by_persona");
    ObjectNode personaJson = json.putObject("personas");
    for (Persona persona : Persona.values()) {
      PersonaFigures f = personas.getOrDefault(persona, new PersonaFigures());
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
      for (Tier tier : Tier.values()) {
        pt.put(tier.name(), f.tiers.getOrDefault(tier, new long[1])[0]);
      }
      p.set("latency_ms", latencyJson(f.latency, false));
    }
    json.put("confidence_mean", ratio(confidenceMicrosSum, answered * 1_000_000L));
    json.put("simulated_span_seconds", ratio(simulatedSpanMillis, 1000));
    json.set("heatmap", heatmapJson());
    return json;
  }

  private ObjectNode heatmapJson() {
    ObjectNode json = CanonicalJson.object();
    json.put("time_bucket_seconds", HEATMAP_TIME_BUCKET_SECONDS);
    ArrayNode columns = json.putArray("latency_buckets_ms");
    long lower = 0;
    for (long edge : HEATMAP_LATENCY_EDGES_MS) {
      columns.add(lower + "-" + edge);
      lower = edge;
    }
    columns.add(lower + "+");
    int rows =
        heatmap.values().stream().mapToInt(r -> r.isEmpty() ? 0 : r.lastKey() + 1).max().orElse(0);
    json.put("time_buckets", rows);
    ObjectNode series = json.putObject("series");
    for (String name : new String[] {ALL, Tier.T1.name(), Tier.T2.name(), Tier.T3.name()}) {
      ArrayNode grid = series.putArray(name);
      SortedMap<Integer, long[]> cells = heatmap.getOrDefault(name, new TreeMap<>());
      for (int row = 0; row < rows; row++) {
        ArrayNode line = grid.addArray();
        for (long count : cells.getOrDefault(row, new long[HEATMAP_LATENCY_EDGES_MS.length + 1])) {
          line.add(count);
        }
      }
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
      json.put("p90", ratio(h.getValueAtPercentile(90), 1000));
      json.put("p999", ratio(h.getValueAtPercentile(99.9), 1000));
    }
    json.put("p50", ratio(h.getValueAtPercentile(50), 1000));
    json.put("p95", ratio(h.getValueAtPercentile(95), 1000));
    json.put("p99", ratio(h.getValueAtPercentile(99), 1000));
    json.put("max", ratio(h.getMaxValue(), 1000));
    return json;
  }

  private PersonaFigures persona(Persona persona) {
    return personas.computeIfAbsent(persona, p -> new PersonaFigures());
  }

  private long[] heatmapRow(String series, int row) {
    return heatmap
        .computeIfAbsent(series, s -> new TreeMap<>())
        .computeIfAbsent(row, r -> new long[HEATMAP_LATENCY_EDGES_MS.length + 1]);
  }

  private static int latencyColumn(long millis) {
    for (int i = 0; i < HEATMAP_LATENCY_EDGES_MS.length; i++) {
      if (millis < HEATMAP_LATENCY_EDGES_MS[i]) {
        return i;
      }
    }
    return HEATMAP_LATENCY_EDGES_MS.length;
  }
}
