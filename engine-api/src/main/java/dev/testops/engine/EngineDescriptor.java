package dev.testops.engine;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who an engine is: its id (e.g. {@code toron-v2.5h+}), its version, and the capabilities it
 * declares (sorted, so they render the same everywhere).
 */
public record EngineDescriptor(String id, String version, SortedSet<String> capabilities) {

  /** Validates the fields; capabilities are copied into an unmodifiable sorted set. */
  public EngineDescriptor {
    requireText(id, "id");
    requireText(version, "version");
    capabilities =
        Collections.unmodifiableSortedSet(
            new TreeSet<>(Objects.requireNonNull(capabilities, "capabilities")));
  }

  static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
