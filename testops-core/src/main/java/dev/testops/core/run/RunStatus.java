package dev.testops.core.run;

import java.util.Locale;

/** The life of a run: {@code queued → running → passed | failed | error | cancelled}. */
public enum RunStatus {
  /** Accepted and waiting for a runner. */
  QUEUED,
  /** A runner is executing its phases. */
  RUNNING,
  /** Every phase passed (or was skipped). */
  PASSED,
  /** A phase failed a check. */
  FAILED,
  /** A phase could not run (a bug, a crash, an interruption). */
  ERROR,
  /** Cancelled by a user before it finished. */
  CANCELLED;

  /** Whether the run is over. */
  public boolean isTerminal() {
    return this != QUEUED && this != RUNNING;
  }

  /** The name used in the API and the store, e.g. {@code passed}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static RunStatus fromWireName(String name) {
    for (RunStatus status : values()) {
      if (status.wireName().equals(name)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown run status '" + name + "' (queued, running, passed, failed, error, cancelled)");
  }
}
