package dev.testops.core.config;

import dev.testops.core.TestOpsException;
import dev.testops.core.dataset.Persona;
import dev.testops.core.dataset.SimProfile;
import dev.testops.core.sim.Simulation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Loads {@link SimConfig} from YAML. */
public final class SimConfigLoader {
  /** Where the file lives under the TestOps home. */
  public static final String RELATIVE_PATH = "config/sim_config.yaml";

  private static final String BUILT_IN = "/dev/testops/core/config/defaults/sim_config.yaml";
  private static final YAMLMapper YAML = new YAMLMapper();

  private SimConfigLoader() {}

  /**
   * Loads {@code config/sim_config.yaml} under the home, or the built-in default when the home has
   * none.
   *
   * @throws TestOpsException.InvalidInput naming the file and every problem when it is invalid
   */
  public static SimConfig load(Path home) {
    return ConfigFile.load(
        home, RELATIVE_PATH, SimConfigLoader.class, BUILT_IN, SimConfigLoader::parse);
  }

  /** Loads the configuration built into TestOps. */
  public static SimConfig builtIn() {
    return ConfigFile.builtIn(SimConfigLoader.class, BUILT_IN, SimConfigLoader::parse);
  }

  /**
   * Parses and validates YAML text.
   *
   * @param source names the text in error messages (usually its path)
   * @throws TestOpsException.InvalidInput naming the source and every problem found
   */
  public static SimConfig parse(byte[] yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new TestOpsException.InvalidInput(
          source + " is not valid YAML: " + oneLine(e.getOriginalMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw new TestOpsException.InvalidInput(source + " must be a YAML mapping");
    }
    List<String> problems = new ArrayList<>();
    int maxUsers = intField(root, "max_users", 1, SimConfig.ABSOLUTE_MAX_USERS, problems);
    JsonNode defaults = root.path("defaults");
    int users = intField(defaults, "users", 1, SimConfig.ABSOLUTE_MAX_USERS, problems, "defaults.");
    String profile = textField(defaults, "profile", problems);
    String suite = textField(defaults, "suite", problems);
    OptionalLong seed = OptionalLong.empty();
    JsonNode seedNode = defaults.path("seed");
    if (seedNode.isIntegralNumber() && seedNode.canConvertToLong()) {
      seed = OptionalLong.of(seedNode.longValue());
    } else if (!seedNode.isMissingNode() && !seedNode.isNull()) {
      problems.add("defaults.seed must be an integer or empty");
    }
    // Optional, so a home's copy written before it existed still loads.
    int maxInFlight =
        root.has("max_in_flight")
            ? intField(root, "max_in_flight", 1, Simulation.MAX_IN_FLIGHT, problems)
            : Simulation.DEFAULT_MAX_IN_FLIGHT;
    Map<String, SimProfile> profiles = new TreeMap<>();
    JsonNode profilesNode = root.path("profiles");
    if (!profilesNode.isObject() || profilesNode.isEmpty()) {
      problems.add("profiles must map at least one profile name to its settings");
    } else {
      for (Map.Entry<String, JsonNode> entry : profilesNode.properties()) {
        profileOf(entry.getKey(), entry.getValue(), problems)
            .ifPresent(p -> profiles.put(p.name(), p));
      }
    }
    if (problems.isEmpty() && !profiles.containsKey(profile)) {
      problems.add("defaults.profile '" + profile + "' is not one of the profiles");
    }
    if (problems.isEmpty() && users > maxUsers) {
      problems.add("defaults.users " + users + " exceeds max_users " + maxUsers);
    }
    if (!problems.isEmpty()) {
      throw new TestOpsException.InvalidInput(source + ": " + String.join("; ", problems));
    }
    return new SimConfig(maxUsers, users, profile, suite, seed, profiles, maxInFlight);
  }

  private static java.util.Optional<SimProfile> profileOf(
      String name, JsonNode node, List<String> problems) {
    String at = "profiles." + name + ".";
    List<String> local = new ArrayList<>();
    int turns = intField(node, "turns_per_user", 1, SimProfile.MAX_TURNS_PER_USER, local, at);
    int window = intField(node, "arrival_window_seconds", 1, 86_400, local, at);
    int think = intField(node, "mean_think_time_millis", 0, 600_000, local, at);
    Map<Persona, Double> mix = new EnumMap<>(Persona.class);
    JsonNode mixNode = node.path("persona_mix");
    if (!mixNode.isObject()) {
      local.add(at + "persona_mix must map personas to shares");
    } else {
      for (Map.Entry<String, JsonNode> share : mixNode.properties()) {
        try {
          Persona persona = Persona.fromWireName(share.getKey());
          if (!share.getValue().isNumber()) {
            local.add(at + "persona_mix." + share.getKey() + " must be a number");
          } else {
            mix.put(persona, share.getValue().doubleValue());
          }
        } catch (IllegalArgumentException e) {
          local.add(at + "persona_mix: " + e.getMessage());
        }
      }
    }
    double sum = mix.values().stream().mapToDouble(Double::doubleValue).sum();
    if (mixNode.isObject() && Math.abs(sum - 1.0) > 1e-9) {
      local.add(String.format(Locale.ROOT, "%spersona_mix must sum to 1, sums to %.6f", at, sum));
    }
    if (!local.isEmpty()) {
      problems.addAll(local);
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(new SimProfile(name, turns, mix, window, think));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return java.util.Optional.empty();
    }
  }

  private static int intField(JsonNode node, String name, int min, int max, List<String> problems) {
    return intField(node, name, min, max, problems, "");
  }

  private static int intField(
      JsonNode node, String name, int min, int max, List<String> problems, String prefix) {
    JsonNode value = node.path(name);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      problems.add(prefix + name + " must be an integer in [" + min + ", " + max + "]");
      return min;
    }
    int v = value.intValue();
    if (v < min || v > max) {
      problems.add(
          String.format(
              Locale.ROOT, "%s%s must be in [%d, %d], was %d", prefix, name, min, max, v));
    }
    return v;
  }

  private static String textField(JsonNode node, String name, List<String> problems) {
    JsonNode value = node.path(name);
    if (!value.isString() || value.asString().isBlank()) {
      problems.add("defaults." + name + " must be a non-empty string");
      return "";
    }
    return value.asString();
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s+", " ").trim();
  }
}
