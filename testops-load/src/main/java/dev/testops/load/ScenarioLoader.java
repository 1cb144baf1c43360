package dev.testops.load;

import dev.testops.core.TestOpsException;
import dev.testops.core.config.ConfigFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads scenarios from {@code load/mock_scenarios.yaml}: under the TestOps home when present, else
 * the copy built into the jar (the repository's file). Durations are k6 strings ({@code 500ms},
 * {@code 30s}, {@code 1m30s}, {@code 2h}).
 */
public final class ScenarioLoader {
  /** Where the file lives under the TestOps home. */
  public static final String RELATIVE_PATH = "load/mock_scenarios.yaml";

  private static final String BUILT_IN = "/dev/testops/load/defaults/mock_scenarios.yaml";
  private static final YAMLMapper YAML = new YAMLMapper();

  /**
   * The scenarios of one file.
   *
   * @param defaultName the scenario used when none is named
   * @param scenarios the scenarios by name, sorted
   */
  public record Scenarios(String defaultName, Map<String, Scenario> scenarios) {
    /** Copies the map. */
    public Scenarios {
      scenarios = java.util.Collections.unmodifiableMap(new TreeMap<>(scenarios));
    }

    /**
     * The named scenario, or the default.
     *
     * @throws TestOpsException.NotFound naming the known scenarios
     */
    public Scenario scenario(Optional<String> name) {
      String wanted = name.orElse(defaultName);
      Scenario scenario = scenarios.get(wanted);
      if (scenario == null) {
        throw new TestOpsException.NotFound(
            "no load scenario '" + wanted + "'; known: " + String.join(", ", scenarios.keySet()));
      }
      return scenario;
    }
  }

  private ScenarioLoader() {}

  /** Loads the home's file, or the built-in one when the home has none. */
  public static Scenarios load(Path home) {
    return ConfigFile.load(
        home, RELATIVE_PATH, ScenarioLoader.class, BUILT_IN, ScenarioLoader::parse);
  }

  /** Loads the scenarios built into TestOps. */
  public static Scenarios builtIn() {
    return ConfigFile.builtIn(ScenarioLoader.class, BUILT_IN, ScenarioLoader::parse);
  }

  /**
   * Parses YAML text.
   *
   * @throws TestOpsException.InvalidInput naming the source and every problem (a scenario over the
   *     VU ceiling throws {@link TestOpsException.CeilingExceeded})
   */
  public static Scenarios parse(byte[] yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new TestOpsException.InvalidInput(
          source + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
    JsonNode all = root == null ? null : root.get("scenarios");
    if (all == null || !all.isObject() || all.isEmpty()) {
      throw new TestOpsException.InvalidInput(source + ": scenarios must map names to scenarios");
    }
    Map<String, Scenario> scenarios = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : all.properties()) {
      try {
        scenarios.put(entry.getKey(), scenario(entry.getKey(), entry.getValue()));
      } catch (TestOpsException.CeilingExceeded e) {
        throw new TestOpsException.CeilingExceeded(source + ": " + e.getMessage());
      } catch (IllegalArgumentException | TestOpsException e) {
        throw new TestOpsException.InvalidInput(source + ": " + e.getMessage());
      }
    }
    String defaultName = root.path("default").asString(scenarios.keySet().iterator().next());
    if (!scenarios.containsKey(defaultName)) {
      throw new TestOpsException.InvalidInput(
          source + ": default '" + defaultName + "' is not one of the scenarios");
    }
    return new Scenarios(defaultName, scenarios);
  }

  private static Scenario scenario(String name, JsonNode node) {
    Executor executor = Executor.parse(node.path("executor").asString("constant-arrival-rate"));
    List<Stage> stages = new ArrayList<>();
    for (JsonNode stage : node.path("stages").values()) {
      stages.add(
          new Stage(millis(stage.path("duration").asString("")), stage.path("target").asDouble()));
    }
    Map<String, List<String>> thresholds = new TreeMap<>();
    for (Map.Entry<String, JsonNode> t : node.path("thresholds").properties()) {
      List<String> expressions = new ArrayList<>();
      t.getValue().values().forEach(e -> expressions.add(e.asString()));
      thresholds.put(t.getKey(), expressions);
    }
    String think = node.path("thinkTime").asString("sim");
    return new Scenario(
        name,
        executor,
        node.path("rate").asDouble(0),
        node.path("startRate").asDouble(0),
        stages,
        node.path("preAllocatedVUs").asInt(0),
        node.path("maxVUs").asInt(node.path("preAllocatedVUs").asInt(0)),
        node.path("vus").asInt(executor == Executor.CONSTANT_VUS ? 1 : 0),
        node.has("duration") ? millis(node.path("duration").asString("")) : 0,
        "sim".equals(think) ? Scenario.SIM_THINK_TIME : millis(think),
        node.has("maxWait") ? millis(node.path("maxWait").asString("")) : 0,
        node.has("timeout")
            ? millis(node.path("timeout").asString(""))
            : Scenario.DEFAULT_TIMEOUT_MILLIS,
        node.has("gracefulStop")
            ? millis(node.path("gracefulStop").asString(""))
            : Scenario.DEFAULT_GRACEFUL_STOP_MILLIS,
        thresholds,
        node.has("warmup")
            ? millis(node.path("warmup").asString(""))
            : Scenario.DEFAULT_WARMUP_MILLIS);
  }

  /**
   * Parses a k6 duration such as {@code 1m30s}, {@code 500ms} or {@code 2h}; a bare {@code 0} is
   * zero (as in {@code --warmup 0}).
   *
   * @throws IllegalArgumentException naming the text and the syntax
   */
  public static long millis(String text) {
    if (text.trim().equals("0")) {
      return 0;
    }
    var m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)").matcher(text.trim());
    long total = 0;
    int at = 0;
    while (m.find() && m.start() == at) {
      double value = Double.parseDouble(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
          };
      total += Math.round(value * unit);
      at = m.end();
    }
    if (at == 0 || at != text.trim().length()) {
      throw new IllegalArgumentException(
          "duration '" + text + "' must be like 500ms, 30s, 1m30s or 2h");
    }
    return total;
  }
}
