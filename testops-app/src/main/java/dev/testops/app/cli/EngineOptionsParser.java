package dev.testops.app.cli;

import dev.testops.core.TestOpsException;
import dev.testops.engine.EngineOptions;
import java.util.List;
import java.util.TreeMap;

/** Turns repeated {@code --engine-option key=value} flags into {@link EngineOptions}. */
final class EngineOptionsParser {
  private EngineOptionsParser() {}

  static EngineOptions parse(List<String> pairs) {
    var values = new TreeMap<String, String>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new TestOpsException.InvalidInput(
            "--engine-option must be key=value, was '" + pair + "'");
      }
      values.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return new EngineOptions(values);
  }
}
