package dev.testops.core;

/**
 * The root of every error TestOps reports to a user. Each subclass names one kind of problem; the
 * edges (CLI, HTTP) translate the kind to an exit code or a status in one table each, so the core
 * never knows about either.
 */
public class TestOpsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message says, in one line, what was wrong. */
  public TestOpsException(String message) {
    super(message);
  }

  /** Creates an exception with a one-line message and its cause. */
  public TestOpsException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The input (a request, a flag, a config file) is invalid; the message names the field. */
  public static class InvalidInput extends TestOpsException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public InvalidInput(String message) {
      super(message);
    }

    /** Creates the exception with its cause. */
    public InvalidInput(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A scale parameter exceeds a configured ceiling; the message names the ceiling. */
  public static class CeilingExceeded extends InvalidInput {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public CeilingExceeded(String message) {
      super(message);
    }
  }

  /** Something the user named (a run, a snapshot, an engine) does not exist. */
  public static class NotFound extends TestOpsException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public NotFound(String message) {
      super(message);
    }
  }

  /** Something already exists and would be overwritten. */
  public static class Conflict extends TestOpsException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public Conflict(String message) {
      super(message);
    }
  }

  /** A stored artifact is unreadable, truncated, fails its checksum, or is of a newer schema. */
  public static class CorruptArtifact extends TestOpsException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public CorruptArtifact(String message) {
      super(message);
    }

    /** Creates the exception with its cause. */
    public CorruptArtifact(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The engine could not be loaded or failed its check. */
  public static class EngineFailure extends TestOpsException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public EngineFailure(String message) {
      super(message);
    }

    /** Creates the exception with its cause. */
    public EngineFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Reading or writing a file failed. */
  public static class StorageFailure extends TestOpsException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with its cause. */
    public StorageFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
