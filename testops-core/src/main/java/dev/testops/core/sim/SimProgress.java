package dev.testops.core.sim;

/** Told how far a simulation has got; called on one thread, in order. */
@FunctionalInterface
public interface SimProgress {
  /** Ignores progress. */
  SimProgress NONE = (done, total) -> {};

  /** Reports that {@code doneUsers} of {@code totalUsers} users have been simulated. */
  void usersDone(int doneUsers, int totalUsers);
}
