package dev.testops.load.k6;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A k6 run that completed: its outcome, k6's exit code, the mapped summary and the files it used.
 *
 * @param outcome whether the thresholds passed
 * @param exitCode k6's exit code: 0 (passed) or 99 (thresholds failed)
 * @param summary the mapped summary k6 exported
 * @param script the script k6 ran
 * @param summaryFile the summary k6 exported, in k6's legacy {@code --summary-export} shape
 */
public record K6RunResult(
    Outcome outcome, int exitCode, K6Summary summary, Path script, Path summaryFile) {

  /** How a completed k6 run ended. */
  public enum Outcome {
    /** Exit code 0: every threshold passed. */
    PASSED,
    /** Exit code 99: the run completed and at least one threshold failed. */
    THRESHOLDS_FAILED
  }

  /** Validates that nothing is missing. */
  public K6RunResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(summaryFile, "summaryFile");
  }

  /** Returns whether every threshold passed. */
  public boolean passed() {
    return outcome == Outcome.PASSED;
  }
}
