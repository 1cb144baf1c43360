package dev.testops.core.report;

import dev.testops.core.engines.EngineOptionsJson;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** Renders a snapshot as the short text summary the CLI prints after a SIM. */
public final class SimSummary {
  private SimSummary() {}

  /** Renders the summary; the trigger is left out, so equal inputs give equal text. */
  public static String render(JsonNode snapshot) {
    JsonNode sim = snapshot.path("metrics").path("sim");
    JsonNode latency = sim.path("latency_ms");
    var out = new StringBuilder();
    line(out, "run", snapshot.path("run_id").asString());
    line(
        out,
        "engine",
        snapshot.path("engine").path("id").asString()
            + " "
            + snapshot.path("engine").path("version").asString());
    line(
        out,
        "engine options",
        EngineOptionsJson.describe(
            EngineOptionsJson.ofEngine(snapshot.path("engine"), "snapshot engine")));
    line(
        out,
        "dataset",
        String.format(
            Locale.ROOT,
            "profile %s, seed %d (%s), %d users x %d turns",
            snapshot.path("profile").path("name").asString(),
            snapshot.path("seed").asLong(),
            snapshot.path("seed_source").asString(),
            snapshot.path("scale").path("users").asLong(),
            snapshot.path("scale").path("turns_per_user").asLong()));
    line(out, "dataset sha256", snapshot.path("dataset").path("sha256").asString());
    line(out, "records sha256", snapshot.path("records").path("sha256").asString());
    line(
        out,
        "requests",
        String.format(
            Locale.ROOT,
            "%d (%d errors, %s)",
            sim.path("requests").asLong(),
            sim.path("errors").asLong(),
            percent(sim.path("error_rate"))));
    line(
        out,
        "latency ms",
        String.format(
            Locale.ROOT,
            "p50 %s  p90 %s  p95 %s  p99 %s  max %s (modelled)",
            plain(latency.path("p50")),
            plain(latency.path("p90")),
            plain(latency.path("p95")),
            plain(latency.path("p99")),
            plain(latency.path("max"))));
    JsonNode tiers = sim.path("tiers");
    line(
        out,
        "tiers",
        String.format(
            Locale.ROOT,
            "T1 %s  T2 %s  T3 %s",
            percent(tiers.path("T1").path("share")),
            percent(tiers.path("T2").path("share")),
            percent(tiers.path("T3").path("share"))));
    JsonNode escalations = sim.path("escalations");
    line(
        out,
        "opus escalations",
        String.format(
            Locale.ROOT,
            "%d (%s; T1 %s, T2 %s, T3 %s)",
            escalations.path("count").asLong(),
            percent(escalations.path("rate")),
            percent(escalations.path("by_tier").path("T1").path("rate")),
            percent(escalations.path("by_tier").path("T2").path("rate")),
            percent(escalations.path("by_tier").path("T3").path("rate"))));
    JsonNode contradictions = sim.path("contradictions");
    line(
        out,
        "contradictions",
        String.format(
            Locale.ROOT,
            "%d in %d requests",
            contradictions.path("total").asLong(),
            contradictions.path("requests_with_contradictions").asLong()));
    var personas = new StringBuilder();
    sim.path("personas")
        .properties()
        .forEach(
            e ->
                personas.append(
                    String.format(
                        Locale.ROOT,
                        "%s%s %d users, %s escalated",
                        personas.length() == 0 ? "" : "; ",
                        e.getKey(),
                        e.getValue().path("users").asLong(),
                        percent(e.getValue().path("escalation_rate")))));
    line(out, "personas", personas.toString());
    return out.toString();
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format(Locale.ROOT, "%-17s %s%n", label + ":", value).replace("\r\n", "\n"));
  }

  private static String plain(JsonNode number) {
    return number.isNumber() ? number.decimalValue().toPlainString() : "-";
  }

  private static String percent(JsonNode fraction) {
    if (!fraction.isNumber()) {
      return "-";
    }
    return fraction
            .decimalValue()
            .multiply(BigDecimal.valueOf(100))
            .setScale(2, RoundingMode.HALF_EVEN)
            .toPlainString()
        + "%";
  }
}
