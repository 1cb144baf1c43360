package dev.testops.core.compare;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.Channel;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.snapshot.RecordsReader;
import dev.testops.core.snapshot.Snapshot;
import dev.testops.core.snapshot.SnapshotFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compares snapshots. Two files are compared directly; two folders are paired by scenario (engine,
 * profile, seed, users), and snapshots without a partner are listed.
 */
public final class SnapshotCompare {
  private final int shownRecords;

  /**
   * Creates a comparer.
   *
   * @param shownRecords how many differing records to show in full per pair
   */
  public SnapshotCompare(int shownRecords) {
    this.shownRecords = shownRecords;
  }

  /**
   * Writes a diff as text and JSON: its own pair of files under {@code reports/snapshot_diff/},
   * named after the two sides, then the same under the seeds' shared names {@code
   * reports/snapshot_diff.txt} and {@code .json}, each always one comparison's whole file (the
   * latest to finish).
   *
   * @return the diff's own JSON file
   */
  public static Path writeReports(ArtifactHome home, ObjectNode diff) {
    String name =
        fileName(diff.path("base").asString()) + "--" + fileName(diff.path("target").asString());
    Path own = home.reports().resolve("snapshot_diff").resolve(name);
    var output = home.output();
    output.writeWithLatest(
        Channel.ARTIFACT,
        own.resolveSibling(name + ".txt"),
        home.reports().resolve("snapshot_diff.txt"),
        DiffText.render(diff).getBytes(StandardCharsets.UTF_8));
    output.writeWithLatest(
        Channel.ARTIFACT,
        own.resolveSibling(name + ".json"),
        home.reports().resolve("snapshot_diff.json"),
        CanonicalJson.pretty(diff));
    return own.resolveSibling(name + ".json");
  }

  /** A side's last path element without {@code .json}, kept to file-name-safe characters. */
  private static String fileName(String side) {
    Path last = Path.of(side).getFileName();
    String name = last == null ? "root" : last.toString();
    if (name.endsWith(".json")) {
      name = name.substring(0, name.length() - ".json".length());
    }
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * Compares two snapshot files or two folders and returns the diff document.
   *
   * @throws TestOpsException.InvalidInput when one side is a file and the other a folder
   * @throws TestOpsException.NotFound when a side does not exist
   */
  public ObjectNode compare(Path base, Path target) {
    boolean baseIsFolder = Files.isDirectory(base);
    if (baseIsFolder != Files.isDirectory(target)) {
      throw new TestOpsException.InvalidInput(
          "compare two snapshot files or two folders, not one of each: " + base + ", " + target);
    }
    ObjectNode json = CanonicalJson.object();
    json.put("kind", "testops.snapshot_diff");
    json.put("schema_version", 1);
    json.put("base", base.toString());
    json.put("target", target.toString());
    ArrayNode pairs = json.putArray("pairs");
    ArrayNode unpaired = json.putArray("unpaired");
    if (!baseIsFolder) {
      pairs.add(comparePair(SnapshotFormat.read(base), SnapshotFormat.read(target)));
    } else {
      SortedMap<String, Snapshot> bases = byScenario(base);
      SortedMap<String, Snapshot> targets = byScenario(target);
      for (Map.Entry<String, Snapshot> entry : bases.entrySet()) {
        Snapshot partner = targets.get(entry.getKey());
        if (partner == null) {
          unpaired.add("base only: " + entry.getValue().file().getFileName());
        } else {
          pairs.add(comparePair(entry.getValue(), partner));
        }
      }
      targets.forEach(
          (key, snapshot) -> {
            if (!bases.containsKey(key)) {
              unpaired.add("target only: " + snapshot.file().getFileName());
            }
          });
    }
    boolean identical = unpaired.isEmpty();
    for (JsonNode pair : pairs) {
      identical &= pair.path("identical").asBoolean();
    }
    json.put("identical", identical);
    return json;
  }

  private ObjectNode comparePair(Snapshot base, Snapshot target) {
    ObjectNode pair = CanonicalJson.object();
    pair.set("base", describe(base));
    pair.set("target", describe(target));
    pair.put("dataset_identical", base.datasetSha256().equals(target.datasetSha256()));
    ArrayNode metrics = pair.putArray("metrics");
    SortedMap<String, BigDecimal> before = new TreeMap<>();
    SortedMap<String, BigDecimal> after = new TreeMap<>();
    flatten("sim", base.simMetrics(), before);
    flatten("sim", target.simMetrics(), after);
    SortedMap<String, Boolean> paths = new TreeMap<>();
    before.keySet().forEach(k -> paths.put(k, true));
    after.keySet().forEach(k -> paths.put(k, true));
    int changed = 0;
    int oneSided = 0;
    for (String path : paths.keySet()) {
      BigDecimal a = before.get(path);
      BigDecimal b = after.get(path);
      if (a != null && b != null && a.compareTo(b) == 0) {
        continue;
      }
      // A figure only one side computed (a snapshot written before TestOps recorded it) is listed,
      // but it is not a change in what the engine did.
      if (a == null || b == null) {
        oneSided++;
      } else {
        changed++;
      }
      ObjectNode delta = metrics.addObject();
      delta.put("metric", path);
      delta.put("base", a);
      delta.put("target", b);
      if (a != null && b != null) {
        delta.put("delta", b.subtract(a).stripTrailingZeros());
        if (a.signum() != 0) {
          delta.put(
              "delta_percent",
              b.subtract(a)
                  .multiply(BigDecimal.valueOf(100))
                  .divide(a.abs(), 2, RoundingMode.HALF_EVEN)
                  .stripTrailingZeros());
        }
      }
    }
    pair.put("metrics_changed", changed);
    pair.put("metrics_on_one_side_only", oneSided);
    ObjectNode records = recordDiff(base, target);
    pair.set("records", records);
    pair.put(
        "identical",
        changed == 0
            && base.datasetSha256().equals(target.datasetSha256())
            && records.path("differing").asLong() == 0);
    return pair;
  }

  private ObjectNode recordDiff(Snapshot base, Snapshot target) {
    ObjectNode json = CanonicalJson.object();
    ArrayNode shown = json.putArray("first_differences");
    long total = 0;
    long differing = 0;
    try (RecordsReader a = new RecordsReader(base.recordsPath());
        RecordsReader b = new RecordsReader(target.recordsPath())) {
      while (true) {
        String left = a.next();
        String right = b.next();
        if (left == null && right == null) {
          break;
        }
        total++;
        if (left != null && left.equals(right)) {
          continue;
        }
        differing++;
        if (shown.size() < shownRecords) {
          ObjectNode diff = shown.addObject();
          diff.put("index", total - 1);
          diff.set("base", CanonicalJson.recordForDisplay(left));
          diff.set("target", CanonicalJson.recordForDisplay(right));
        }
      }
    }
    json.put("compared", total);
    json.put("identical", total - differing);
    json.put("differing", differing);
    json.put("identical_percent", CanonicalJson.ratio((total - differing) * 100, total));
    return json;
  }

  private static ObjectNode describe(Snapshot snapshot) {
    ObjectNode json = CanonicalJson.object();
    json.put("file", snapshot.file().toString());
    json.put("run_id", snapshot.runId());
    json.put("engine", snapshot.engineId() + " " + snapshot.engineVersion());
    json.put("profile", snapshot.profile().name());
    json.put("seed", snapshot.seed());
    json.put("users", snapshot.users());
    return json;
  }

  private static SortedMap<String, Snapshot> byScenario(Path folder) {
    SortedMap<String, Snapshot> found = new TreeMap<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(folder)) {
      list.filter(p -> p.getFileName().toString().matches("run-.*\\.json"))
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot list " + folder + ": " + e.getMessage(), e);
    }
    for (Path file : files) {
      Snapshot s = SnapshotFormat.read(file);
      String key =
          String.join(
              "|", s.engineId(), s.profile().name(), Long.toString(s.seed()), s.users() + "");
      // Files are sorted, so with several runs of one scenario the last (newest id) wins.
      found.put(key, s);
    }
    return found;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, BigDecimal> into) {
    if (node.isNumber()) {
      into.put(prefix, node.decimalValue().stripTrailingZeros());
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        flatten(prefix + "." + field.getKey(), field.getValue(), into);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + "[" + i + "]", node.get(i), into);
      }
    }
  }
}
