package dev.testops.core.report.html;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.engines.EngineOptionsJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Renders a master report as one self-contained HTML page: styles, the report's JSON and the chart
 * script are inlined, so the file opens with no network and prints. The tables are rendered here
 * from the same JSON the charts read, so the page says the same thing with scripts off.
 */
public final class ReportPage {
  private static final Template PAGE = compile("report.html.mustache");
  private static final Template INDEX = compile("index.html.mustache");

  private static final Pattern SCRIPT_END = Pattern.compile("</script", Pattern.CASE_INSENSITIVE);

  private final String chartScript;

  /**
   * Creates a renderer.
   *
   * @param chartScript the chart bundle inlined into every page (the dashboard build's report
   *     script)
   */
  public ReportPage(String chartScript) {
    this.chartScript = Objects.requireNonNull(chartScript, "chartScript");
  }

  /**
   * Renders a report.
   *
   * @param toHome the relative path from the page's folder to the TestOps home (for links)
   */
  public String render(JsonNode report, String toHome) {
    Map<String, Object> view = new LinkedHashMap<>();
    String runId = report.path("run_id").asString();
    JsonNode run = report.path("run");
    view.put("runId", runId);
    view.put("status", report.path("verdict").path("status").asString());
    view.put("gate", report.path("verdict").path("gate").asString());
    view.put("reason", text(report.path("verdict").path("reason")));
    view.put("suite", run.path("suite").asString());
    view.put("createdAt", text(run.path("created_at")));
    view.put("startedAt", text(run.path("started_at")));
    view.put("finishedAt", text(run.path("finished_at")));
    view.put("duration", seconds(run.path("duration_seconds")));
    view.put("engine", engine(report.path("engine")));
    view.put("phases", phases(report.path("phases")));
    view.put("inputs", inputs(report.path("inputs")));
    view.put("sim", sim(report.path("sim")));
    view.put("determinism", determinism(report.path("determinism")));
    view.put("load", LoadSection.view(report.path("load")));
    List<Map<String, Object>> warRoom = warRoom(report.path("warroom"));
    view.put("warroom", warRoom);
    view.put("hasWarroom", !warRoom.isEmpty());
    view.put("artifacts", artifacts(report.path("artifacts"), toHome));
    view.put("snapshotHref", toHome + "snapshots/run-" + runId + ".json");
    view.put("bundleHref", toHome + "snapshots/run-" + runId + ".tar.gz");
    view.put("jsonHref", "run-" + runId + ".json");
    view.put("schemaVersion", report.path("schema_version").asInt());
    view.put("data", CanonicalJson.line(report).replace("<", "\\u003c"));
    view.put("chartScript", scriptSafe(chartScript));
    return PAGE.execute(view);
  }

  /**
   * Renders {@code reports/index.html}: one line per run, newest first.
   *
   * @param reports the master reports to list, newest first
   * @param ended how many runs have ended (the list may hold only the newest)
   */
  public String renderIndex(List<JsonNode> reports, int ended) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode report : reports) {
      Map<String, Object> row = new LinkedHashMap<>();
      String runId = report.path("run_id").asString();
      row.put("runId", runId);
      row.put("status", report.path("verdict").path("status").asString());
      row.put("suite", report.path("run").path("suite").asString());
      row.put("finishedAt", text(report.path("run").path("finished_at")));
      row.put("duration", seconds(report.path("run").path("duration_seconds")));
      row.put("score", text(report.path("determinism").path("determinism_score")));
      row.put("requests", text(report.path("sim").path("requests")));
      row.put("href", "master/run-" + runId + ".html");
      rows.add(row);
    }
    return INDEX.execute(
        Map.of("runs", rows, "count", rows.size(), "ended", ended, "partial", ended > rows.size()));
  }

  private static Map<String, Object> engine(JsonNode engine) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", engine.path("id").asString());
    view.put("version", text(engine.path("version")));
    view.put("provider", text(engine.path("provider")));
    // What the engine ran with (the environment and defaults included) and where each value came
    // from; a report of a snapshot that predates them shows its requested options.
    view.put(
        "options",
        engine.has("effective_options") || engine.has("options")
            ? EngineOptionsJson.describe(EngineOptionsJson.ofEngine(engine, "report engine"))
            : "");
    return view;
  }

  private static List<Map<String, Object>> phases(JsonNode phases) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode phase : phases) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", phase.path("name").asString());
      row.put("status", phase.path("status").asString());
      row.put("duration", seconds(phase.path("duration_seconds")));
      List<String> figures = new ArrayList<>();
      phase
          .path("summary")
          .properties()
          .forEach(
              e -> {
                // Scalars only: the nested figures have their own sections below.
                if (e.getValue().isValueNode() && !e.getKey().equals("warning")) {
                  figures.add(e.getKey() + " " + text(e.getValue()));
                }
              });
      row.put("summary", String.join(" · ", figures));
      row.put("warning", text(phase.path("summary").path("warning")));
      rows.add(row);
    }
    return rows;
  }

  private static Map<String, Object> inputs(JsonNode inputs) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("seed", text(inputs.path("seed")));
    view.put("seedSource", text(inputs.path("seed_source")));
    view.put("profile", text(inputs.path("profile").path("name")));
    JsonNode scale = inputs.path("scale");
    view.put(
        "users",
        text(scale.isMissingNode() ? inputs.path("dataset").path("users") : scale.path("users")));
    view.put("turns", text(scale.path("turns_per_user")));
    view.put("requests", text(scale.path("requests")));
    view.put("datasetSha", text(inputs.path("dataset").path("sha256")));
    view.put("recordsSha", text(inputs.path("records").path("sha256")));
    return view;
  }

  private static Map<String, Object> sim(JsonNode sim) {
    if (sim.isMissingNode() || sim.isNull()) {
      return null;
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("requests", text(sim.path("requests")));
    view.put("errors", text(sim.path("errors")));
    view.put("errorRate", percent(sim.path("error_rate")));
    view.put("confidence", text(sim.path("confidence_mean")));
    view.put("span", seconds(sim.path("simulated_span_seconds")));
    List<Map<String, Object>> latency = new ArrayList<>();
    latency.add(latencyRow("all", sim.path("latency_ms")));
    sim.path("latency_ms_by_tier")
        .properties()
        .forEach(e -> latency.add(latencyRow(e.getKey(), e.getValue())));
    view.put("latency", latency);
    List<Map<String, Object>> tiers = new ArrayList<>();
    JsonNode byTier = sim.path("escalations").path("by_tier");
    sim.path("tiers")
        .properties()
        .forEach(
            e -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("tier", e.getKey());
              row.put("count", text(e.getValue().path("count")));
              row.put("share", percent(e.getValue().path("share")));
              row.put("escalations", text(byTier.path(e.getKey()).path("count")));
              row.put("escalationRate", percent(byTier.path(e.getKey()).path("rate")));
              tiers.add(row);
            });
    view.put("tiers", tiers);
    view.put("escalations", text(sim.path("escalations").path("count")));
    view.put("escalationRate", percent(sim.path("escalations").path("rate")));
    List<Map<String, Object>> personas = new ArrayList<>();
    sim.path("personas")
        .properties()
        .forEach(
            e -> {
              JsonNode p = e.getValue();
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("persona", e.getKey());
              row.put("users", text(p.path("users")));
              row.put("requests", text(p.path("requests")));
              row.put("errors", text(p.path("errors")));
              row.put("escalations", text(p.path("escalations")));
              row.put("escalationRate", percent(p.path("escalation_rate")));
              row.put("contradictions", text(p.path("contradictions")));
              personas.add(row);
            });
    view.put("personas", personas);
    List<Map<String, Object>> turns = turns(sim.path("by_turn"));
    view.put("turns", turns);
    view.put("hasTurns", !turns.isEmpty());
    JsonNode contradictions = sim.path("contradictions");
    view.put("contradictions", text(contradictions.path("total")));
    view.put(
        "requestsWithContradictions", text(contradictions.path("requests_with_contradictions")));
    view.put("contradictionRate", percent(contradictions.path("rate")));
    return view;
  }

  /** One row per turn number: how routing, escalations and contradictions move as users go on. */
  private static List<Map<String, Object>> turns(JsonNode byTurn) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode t : byTurn) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("turn", text(t.path("turn")));
      row.put("requests", text(t.path("requests")));
      row.put("errors", text(t.path("errors")));
      List<Map<String, Object>> tiers = new ArrayList<>();
      t.path("tiers")
          .properties()
          .forEach(
              e ->
                  tiers.add(
                      Map.of(
                          "count", text(e.getValue().path("count")),
                          "share", percent(e.getValue().path("share")))));
      row.put("tiers", tiers);
      row.put("escalations", text(t.path("escalations").path("count")));
      row.put("escalationRate", percent(t.path("escalations").path("rate")));
      row.put("contradictions", text(t.path("contradictions").path("total")));
      row.put(
          "requestsWithContradictions",
          text(t.path("contradictions").path("requests_with_contradictions")));
      rows.add(row);
    }
    return rows;
  }

  private static Map<String, Object> latencyRow(String name, JsonNode latency) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", name);
    row.put("count", text(latency.path("count")));
    for (String p : List.of("p50", "p90", "p95", "p99", "max")) {
      row.put(p, text(latency.path(p)));
    }
    return row;
  }

  private static Map<String, Object> determinism(JsonNode determinism) {
    if (determinism.isMissingNode() || determinism.isNull()) {
      return null;
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("verdict", text(determinism.path("verdict")));
    view.put("headline", text(determinism.path("headline")));
    // A result written before verdicts had three states says only whether it passed.
    String verdict = determinism.path("verdict").asString("");
    boolean passed = determinism.path("passed").asBoolean();
    boolean identical =
        verdict.isEmpty()
            ? determinism.path("records").path("differing").asLong() == 0
            : verdict.equals("IDENTICAL");
    view.put("tone", identical ? "ok" : passed ? "warn" : "bad");
    view.put("score", text(determinism.path("determinism_score")));
    view.put("floor", text(determinism.path("floor")));
    view.put("passed", passed);
    JsonNode records = determinism.path("records");
    view.put("total", text(records.path("total")));
    view.put("matching", text(records.path("matching")));
    view.put("differing", text(records.path("differing")));
    view.put("datasetMatches", determinism.path("dataset_matches").asBoolean());
    view.put("metricsMatch", determinism.path("metrics_match").asBoolean());
    List<Map<String, Object>> divergences = new ArrayList<>();
    for (JsonNode d : determinism.path("first_divergences")) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("index", text(d.path("index")));
      row.put("expected", CanonicalJson.line(d.path("expected")));
      row.put("actual", CanonicalJson.line(d.path("actual")));
      divergences.add(row);
    }
    view.put("divergences", divergences);
    view.put("hasDivergences", !divergences.isEmpty());
    JsonNode used = determinism.path("engine");
    view.put(
        "options",
        used.has("effective_options")
            ? EngineOptionsJson.describe(EngineOptionsJson.ofEngine(used, "replay engine"))
            : "");
    List<Map<String, Object>> optionDifferences = new ArrayList<>();
    for (JsonNode d : determinism.path("option_differences")) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("option", text(d.path("option")));
      row.put("recorded", valueFrom(d.path("recorded"), d.path("recorded_source")));
      row.put("used", valueFrom(d.path("used"), d.path("used_source")));
      optionDifferences.add(row);
    }
    view.put("optionDifferences", optionDifferences);
    view.put("hasOptionDifferences", !optionDifferences.isEmpty());
    return view;
  }

  private static String valueFrom(JsonNode value, JsonNode source) {
    if (value.isNull() || value.isMissingNode()) {
      return "nothing";
    }
    return text(value) + (source.isString() ? " (" + source.asString() + ")" : "");
  }

  private static List<Map<String, Object>> warRoom(JsonNode entries) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode entry : entries) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("at", text(entry.path("at")));
      row.put("phase", text(entry.path("phase")));
      row.put("severity", text(entry.path("severity")));
      row.put("message", text(entry.path("message")));
      row.put("remediation", text(entry.path("remediation")));
      rows.add(row);
    }
    return rows;
  }

  private static List<Map<String, Object>> artifacts(JsonNode artifacts, String toHome) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode a : artifacts) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("kind", a.path("kind").asString());
      row.put("path", a.path("path").asString());
      row.put("href", toHome + a.path("path").asString());
      row.put("bytes", text(a.path("bytes")));
      row.put("sha256", a.path("sha256").asString());
      rows.add(row);
    }
    return rows;
  }

  /** A value as text, or an empty string when it is absent (mustache then skips its section). */
  static String text(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return "";
    }
    if (value.isNumber()) {
      return value.decimalValue().toPlainString();
    }
    return value.isContainer() ? CanonicalJson.line(value) : value.asString();
  }

  private static String seconds(JsonNode value) {
    String text = text(value);
    return text.isEmpty() ? "" : text + " s";
  }

  static String percent(JsonNode ratio) {
    if (!ratio.isNumber()) {
      return "";
    }
    BigDecimal percent = ratio.decimalValue().movePointRight(2).setScale(2, RoundingMode.HALF_EVEN);
    return percent.stripTrailingZeros().toPlainString() + " %";
  }

  /** Script text safe inside a {@code <script>} element: nothing in it can close the element. */
  private static String scriptSafe(String script) {
    return SCRIPT_END.matcher(script).replaceAll("<\\\\/script").replace("<!--", "<\\!--");
  }

  private static Template compile(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing template " + name);
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return Mustache.compiler().defaultValue("").emptyStringIsFalse(true).compile(reader);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read template " + name, e);
    }
  }
}
