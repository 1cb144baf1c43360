package dev.testops.bench;

import dev.testops.core.canonical.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import tools.jackson.databind.node.ObjectNode;

/**
 * Event payloads shaped like a run's chatty events: one {@code progress} event (about 50 bytes of
 * JSON, as the executor writes them) to three {@code log} lines of 100 to 250 bytes (SIM and replay
 * messages, some warnings with a remediation). Seeded, so every round and every variant ingests the
 * same bytes. Only batchable types: state changes would flush at once and make the event log's
 * batches differ from the fixed-size batches of the other variants.
 */
final class EventPayloads {
  private static final String[] PHASES = {"engine-check", "sim", "replay"};
  private static final String[] TIERS = {"reflex", "standard", "deep", "escalated"};

  /** The types, in order ({@code log} or {@code progress}). */
  final List<String> types;

  /** The payloads as objects, for the event log (which serialises them itself). */
  final List<ObjectNode> objects;

  /** The same payloads as canonical JSON lines, for the store and bare JDBC. */
  final List<String> lines;

  private EventPayloads(List<String> types, List<ObjectNode> objects) {
    this.types = List.copyOf(types);
    this.objects = List.copyOf(objects);
    this.lines = objects.stream().map(CanonicalJson::line).toList();
  }

  /** Makes {@code count} payloads from a seed. */
  static EventPayloads generate(int count, long seed) {
    var random = new SplittableRandom(seed);
    List<String> types = new ArrayList<>(count);
    List<ObjectNode> objects = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String phase = PHASES[(i / 1000) % PHASES.length];
      ObjectNode data = CanonicalJson.object();
      data.put("phase", phase);
      if (i % 4 == 0) {
        types.add("progress");
        int phaseProgress = (i / 4) % 101;
        data.put("phase_progress", phaseProgress);
        data.put("progress", Math.min(100, 33 * ((i / 1000) % 3) + phaseProgress / 3));
      } else {
        types.add("log");
        boolean warn = random.nextInt(20) == 0;
        data.put("level", warn ? "warn" : "info");
        data.put("message", message(random, i));
        if (warn) {
          data.put("remediation", "check the engine's latency budget and its logs under logs/");
        }
      }
      objects.add(data);
    }
    return new EventPayloads(types, objects);
  }

  private static String message(SplittableRandom random, int i) {
    return String.format(
        Locale.ROOT,
        "user u-%06d turn %d: tier %s in %.3f ms, %d claims, %d contradictions, digest %016x",
        i,
        1 + random.nextInt(8),
        TIERS[random.nextInt(TIERS.length)],
        random.nextDouble() * 40,
        random.nextInt(12),
        random.nextInt(3),
        random.nextLong());
  }

  /** The mean payload size, in bytes of UTF-8 (all ASCII here). */
  double meanBytes() {
    return lines.stream().mapToInt(String::length).average().orElse(0);
  }
}
