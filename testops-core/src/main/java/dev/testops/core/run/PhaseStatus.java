package dev.testops.core.run;

import java.util.Locale;

/** The life of a phase: {@code pending → running → passed | failed | skipped | error}. */
public enum PhaseStatus {
  /** Not started yet. */
  PENDING,
  /** Executing. */
  RUNNING,
  /** Ran and its checks passed. */
  PASSED,
  /** Ran and a check failed. */
  FAILED,
  /** Not run: an earlier phase it depends on did not pass, or the run was cancelled. */
  SKIPPED,
  /** Could not run to the end. */
  ERROR;

  /** Whether the phase is over. */
  public boolean isTerminal() {
    return this != PENDING && this != RUNNING;
  }

  /** The name used in the API and the store, e.g. {@code skipped}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static PhaseStatus fromWireName(String name) {
    for (PhaseStatus status : values()) {
      if (status.wireName().equals(name)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown phase status '" + name + "' (pending, running, passed, failed, skipped, error)");
  }
}
