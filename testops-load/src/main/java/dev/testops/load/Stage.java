package dev.testops.load;

/**
 * One stage of a ramping executor: over {@code durationMillis} the target (arrivals per second or
 * VUs) moves linearly from the previous stage's target to this one.
 *
 * @param durationMillis how long the stage lasts, in milliseconds
 * @param target the rate (per second) or VU count reached at the end of the stage
 */
public record Stage(long durationMillis, double target) {

  /** Validates the fields. */
  public Stage {
    if (durationMillis < 0) {
      throw new IllegalArgumentException("stage duration must be >= 0, was " + durationMillis);
    }
    if (!(target >= 0) || Double.isInfinite(target)) {
      throw new IllegalArgumentException("stage target must be >= 0, was " + target);
    }
  }
}
