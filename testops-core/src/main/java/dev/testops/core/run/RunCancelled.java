package dev.testops.core.run;

import dev.testops.core.TestOpsException;

/** Thrown at a safe point when the run being executed was cancelled. */
public final class RunCancelled extends TestOpsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for a run. */
  public RunCancelled(String runId) {
    super("run " + runId + " was cancelled");
  }
}
