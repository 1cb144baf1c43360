package dev.testops.core.run;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.sim.SimSeed;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a run executes: the suite's phases with their parameters, the dataset and the engine.
 * Everything a runner needs is here, so a stored run can be executed (or re-executed) alone.
 *
 * @param suite the suite name, or {@code custom} for an explicit list of phases
 * @param phases the phases to run, in order
 * @param phaseParams parameters per phase (e.g. {@code replay → floor=98})
 * @param profile the dataset profile
 * @param users synthetic users
 * @param seed the seed, or empty to derive it from the run id
 * @param seedSource where the seed came from ({@link SimSeed}), {@code run-id} without one
 * @param engineId the engine
 * @param engineOptions options for the engine
 */
public record RunRequest(
    String suite,
    List<String> phases,
    Map<String, Map<String, String>> phaseParams,
    String profile,
    int users,
    OptionalLong seed,
    String seedSource,
    String engineId,
    Map<String, String> engineOptions) {

  /** Copies the collections, sorted where order carries no meaning. */
  public RunRequest {
    Objects.requireNonNull(seedSource, "seedSource");
    Objects.requireNonNull(suite, "suite");
    phases = List.copyOf(phases);
    var params = new TreeMap<String, Map<String, String>>();
    phaseParams.forEach(
        (k, v) -> params.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(v))));
    phaseParams = Collections.unmodifiableSortedMap(params);
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(engineId, "engineId");
    engineOptions = Collections.unmodifiableSortedMap(new TreeMap<>(engineOptions));
  }

  /**
   * A request whose seed, if any, came in the request ({@code request}); else it derives from the
   * run id.
   */
  public RunRequest(
      String suite,
      List<String> phases,
      Map<String, Map<String, String>> phaseParams,
      String profile,
      int users,
      OptionalLong seed,
      String engineId,
      Map<String, String> engineOptions) {
    this(
        suite,
        phases,
        phaseParams,
        profile,
        users,
        seed,
        seed.isPresent() ? SimSeed.REQUEST : SimSeed.RUN_ID,
        engineId,
        engineOptions);
  }

  /** The canonical JSON form: stored with the run and hashed for idempotency. */
  public ObjectNode toJson() {
    ObjectNode json = CanonicalJson.object();
    json.put("suite", suite);
    var list = json.putArray("phases");
    phases.forEach(list::add);
    ObjectNode params = json.putObject("phase_params");
    phaseParams.forEach((phase, values) -> values.forEach(params.putObject(phase)::put));
    ObjectNode dataset = json.putObject("dataset");
    dataset.put("profile", profile);
    dataset.put("users", users);
    if (seed.isPresent()) {
      dataset.put("seed", seed.getAsLong());
      dataset.put("seed_source", seedSource);
    }
    ObjectNode engine = json.putObject("engine");
    engine.put("id", engineId);
    ObjectNode options = engine.putObject("options");
    engineOptions.forEach(options::put);
    return json;
  }

  /** Reads the canonical JSON form back. */
  public static RunRequest fromJson(JsonNode json) {
    List<String> phases = new ArrayList<>();
    json.path("phases").forEach(p -> phases.add(p.asString()));
    Map<String, Map<String, String>> params = new TreeMap<>();
    json.path("phase_params")
        .properties()
        .forEach(phase -> params.put(phase.getKey(), strings(phase.getValue())));
    JsonNode dataset = json.path("dataset");
    JsonNode seed = dataset.path("seed");
    // Runs stored before seed sources were: a seed in the request, else derived.
    boolean seeded = seed.isIntegralNumber();
    return new RunRequest(
        json.path("suite").asString(),
        phases,
        params,
        dataset.path("profile").asString(),
        dataset.path("users").asInt(),
        seeded ? OptionalLong.of(seed.longValue()) : OptionalLong.empty(),
        seeded ? dataset.path("seed_source").asString(SimSeed.REQUEST) : SimSeed.RUN_ID,
        json.path("engine").path("id").asString(),
        strings(json.path("engine").path("options")));
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> values = new TreeMap<>();
    object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
    return values;
  }
}
