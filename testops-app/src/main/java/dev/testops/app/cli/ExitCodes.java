package dev.testops.app.cli;

import dev.testops.core.TestOpsException;

/**
 * Every exit code of the {@code testops} command, in one table (also in the README).
 *
 * <pre>
 *  0  success: the command did what was asked and every check it ran passed (a replay
 *     DRIFT WITHIN FLOOR passes, and says so in its first line)
 *  1  a check ran and failed: replay DRIFT (below the floor), compare found differences,
 *     engine check failed
 *  2  usage: unknown command or option, malformed option value
 *  3  invalid input: users over the ceiling, malformed YAML, bad run id, unknown profile or
 *     suite, malformed SIM_SEED
 *  4  not found: unknown run id, snapshot or engine
 *  5  corrupt artifact: unreadable, truncated or tampered snapshot or records, newer schema
 *  6  engine failure: the engine could not be created or started
 *  7  conflict: the artifact already exists (e.g. a snapshot for that run id)
 *  8  I/O failure: a file could not be read or written
 *  9  run error: a phase of the run could not run to its end
 * 10  run cancelled
 * 11  load: inconclusive, the load generator itself was saturated, so thresholds on latency
 *     and throughput could not be judged (nothing that was judged failed)
 * 70  internal error: a bug in TestOps
 * </pre>
 */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** A check ran and failed. */
  public static final int CHECK_FAILED = 1;

  /** Bad command line. */
  public static final int USAGE = 2;

  /** Invalid input. */
  public static final int INVALID_INPUT = 3;

  /** Something named does not exist. */
  public static final int NOT_FOUND = 4;

  /** A stored artifact is corrupt or of a newer schema. */
  public static final int CORRUPT = 5;

  /** The engine could not be created. */
  public static final int ENGINE = 6;

  /** The artifact already exists. */
  public static final int CONFLICT = 7;

  /** A file could not be read or written. */
  public static final int IO = 8;

  /** A phase of the run could not run to its end. */
  public static final int RUN_ERROR = 9;

  /** The run was cancelled. */
  public static final int CANCELLED = 10;

  /** A load test whose generator, not the target, was the bottleneck: thresholds unjudged. */
  public static final int INCONCLUSIVE = 11;

  /** A bug in TestOps. */
  public static final int INTERNAL = 70;

  private ExitCodes() {}

  /** Maps a core exception to its exit code: the one translation table of this edge. */
  public static int of(TestOpsException e) {
    if (e instanceof TestOpsException.InvalidInput) {
      return INVALID_INPUT;
    } else if (e instanceof TestOpsException.NotFound) {
      return NOT_FOUND;
    } else if (e instanceof TestOpsException.CorruptArtifact) {
      return CORRUPT;
    } else if (e instanceof TestOpsException.EngineFailure) {
      return ENGINE;
    } else if (e instanceof TestOpsException.Conflict) {
      return CONFLICT;
    } else if (e instanceof TestOpsException.StorageFailure) {
      return IO;
    }
    return INTERNAL;
  }
}
