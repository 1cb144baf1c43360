package dev.testops.core.run;

import dev.testops.core.TestOpsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads suites from {@code config/suites/<name>.yaml} under the home, falling back to the suites
 * built into TestOps (this repository's {@code config/suites/}).
 */
public final class SuiteLoader {
  /** The suites TestOps ships. */
  public static final List<String> BUILT_IN = List.of("full", "regression_core", "smoke");

  private static final String BUILT_IN_FOLDER = "/dev/testops/core/config/defaults/suites/";
  private static final YAMLMapper YAML = new YAMLMapper();
  private final Path home;
  private final Set<String> knownPhases;

  /**
   * Creates a loader.
   *
   * @param knownPhases the phase names a suite may use
   */
  public SuiteLoader(Path home, Set<String> knownPhases) {
    this.home = home;
    this.knownPhases = Set.copyOf(knownPhases);
  }

  /**
   * Loads a suite by name.
   *
   * @throws TestOpsException.InvalidInput when the name is unknown or the file is invalid
   */
  public Suite load(String name) {
    if (name == null || !name.matches("[a-z0-9_-]{1,40}")) {
      throw new TestOpsException.InvalidInput("invalid suite name '" + name + "'");
    }
    Path file = home.resolve("config/suites/" + name + ".yaml");
    try {
      if (Files.isRegularFile(file)) {
        return parse(Files.readAllBytes(file), file.toString());
      }
      try (InputStream in =
          SuiteLoader.class.getResourceAsStream(BUILT_IN_FOLDER + name + ".yaml")) {
        if (in == null) {
          throw new TestOpsException.InvalidInput(
              "unknown suite '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return parse(in.readAllBytes(), "built-in suite " + name);
      }
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot read suite " + name + ": " + e, e);
    }
  }

  /** The names of the suites available: built in plus those in the home. */
  public List<String> names() {
    var names = new java.util.TreeSet<>(BUILT_IN);
    Path folder = home.resolve("config/suites");
    if (Files.isDirectory(folder)) {
      try (var files = Files.list(folder)) {
        files
            .map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".yaml"))
            .forEach(n -> names.add(n.substring(0, n.length() - ".yaml".length())));
      } catch (IOException e) {
        throw new TestOpsException.StorageFailure("cannot list " + folder + ": " + e, e);
      }
    }
    return List.copyOf(names);
  }

  /**
   * Parses and validates a suite.
   *
   * @throws TestOpsException.InvalidInput naming the source and every problem
   */
  public Suite parse(byte[] yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new TestOpsException.InvalidInput(
          source + " is not valid YAML: " + e.getOriginalMessage().replaceAll("\\s+", " "), e);
    }
    List<String> problems = new ArrayList<>();
    String name = root.path("name").asString("");
    if (name.isBlank()) {
      problems.add("name must be a non-empty string");
    }
    JsonNode dataset = root.path("dataset");
    int users = dataset.path("users").asInt(0);
    if (users < 1) {
      problems.add("dataset.users must be a positive integer");
    }
    Optional<String> profile = Optional.empty();
    JsonNode profileNode = dataset.path("profile");
    if (!profileNode.isMissingNode() && !profileNode.isNull()) {
      if (!profileNode.isString() || profileNode.asString().isBlank()) {
        problems.add("dataset.profile must be a profile name");
      } else {
        profile = Optional.of(profileNode.asString());
      }
    }
    OptionalLong seed = OptionalLong.empty();
    JsonNode seedNode = dataset.path("seed");
    if (!seedNode.isMissingNode() && !seedNode.isNull()) {
      if (!seedNode.isIntegralNumber() || !seedNode.canConvertToLong()) {
        problems.add("dataset.seed must be an integer (or left empty to derive it)");
      } else {
        seed = OptionalLong.of(seedNode.longValue());
      }
    }
    List<Suite.Step> steps = new ArrayList<>();
    JsonNode phases = root.path("phases");
    if (!phases.isArray() || phases.isEmpty()) {
      problems.add("phases must list at least one phase");
    }
    for (JsonNode entry : phases) {
      String phase = entry.path("phase").asString("");
      if (!knownPhases.contains(phase)) {
        problems.add(
            "unknown phase '"
                + phase
                + "' (known: "
                + String.join(", ", new java.util.TreeSet<>(knownPhases))
                + ")");
        continue;
      }
      Map<String, String> params = new TreeMap<>();
      entry
          .properties()
          .forEach(
              p -> {
                if (!p.getKey().equals("phase")) {
                  params.put(p.getKey(), p.getValue().asString(p.getValue().toString()));
                }
              });
      steps.add(new Suite.Step(phase, params));
    }
    if (!problems.isEmpty()) {
      throw new TestOpsException.InvalidInput(source + ": " + String.join("; ", problems));
    }
    return new Suite(name, root.path("description").asString(""), users, profile, seed, steps);
  }
}
