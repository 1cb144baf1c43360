package dev.testops.engine;

/** An engine could not be created, was not ready, or failed a request. */
public class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says what failed. */
  public EngineException(String message) {
    super(message);
  }

  /** Creates an exception with a message and its cause. */
  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
