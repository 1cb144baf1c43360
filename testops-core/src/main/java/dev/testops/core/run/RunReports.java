package dev.testops.core.run;

import java.nio.file.Path;
import java.util.Map;

/** Writes a run's reports when it ends, before its bundle (which then includes them). */
public interface RunReports {
  /** Writes no reports. */
  RunReports NONE = finished -> Map.of();

  /**
   * Writes the reports of a run that has just ended; its final state may not be stored yet.
   *
   * @return the files written, by artifact kind, in the order they should be recorded (a map with a
   *     defined iteration order)
   */
  Map<String, Path> write(Run finished);
}
