package dev.testops.core.replay;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.snapshot.Snapshot;
import dev.testops.engine.EffectiveOption;
import dev.testops.engine.EffectiveOptions;
import dev.testops.engine.OptionSource;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Which engine options a replay used that differ from the ones its snapshot recorded. */
final class OptionDifferences {
  private OptionDifferences() {}

  /**
   * One entry per differing option, sorted by name: {@code option}, {@code recorded} and {@code
   * used} values ({@code null} when absent) and where each came from.
   *
   * <p>A snapshot written before effective options were recorded knows only its requested options:
   * an option the replay takes by default is then not a difference (that run's default is unknown,
   * and was the same engine's), but one from the environment or given explicitly is.
   */
  static ArrayNode between(Snapshot snapshot, EffectiveOptions used) {
    Optional<EffectiveOptions> recordedEffective = snapshot.effectiveOptions();
    Map<String, String> recorded = snapshot.recordedOptionValues();
    var keys = new TreeSet<>(recorded.keySet());
    keys.addAll(used.values().keySet());
    ArrayNode differences = CanonicalJson.array();
    for (String key : keys) {
      String before = recorded.get(key);
      EffectiveOption now = used.values().get(key);
      String after = now == null ? null : now.value();
      if (java.util.Objects.equals(before, after)) {
        continue;
      }
      if (recordedEffective.isEmpty()
          && before == null
          && now != null
          && now.source() == OptionSource.DEFAULT) {
        continue;
      }
      ObjectNode difference = differences.addObject();
      difference.put("option", key);
      difference.put("recorded", before);
      difference.put(
          "recorded_source",
          recordedEffective
              .flatMap(e -> e.get(key))
              .map(EffectiveOption::describeSource)
              .orElse(before == null ? null : OptionSource.OPTION.wireName()));
      difference.put("used", after);
      difference.put("used_source", now == null ? null : now.describeSource());
    }
    return differences;
  }
}
