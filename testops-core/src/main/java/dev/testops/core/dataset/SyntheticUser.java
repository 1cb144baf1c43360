package dev.testops.core.dataset;

import java.util.List;
import java.util.Objects;

/**
 * A synthetic user and the conversation it will hold.
 *
 * @param index the user's position in the dataset, from 0
 * @param id the user's id, {@code user-} followed by the 1-based index padded to 5 digits
 * @param persona the user's persona
 * @param arrivalMillis when the user starts, in simulated milliseconds from the start of the run
 * @param turns the conversation, in order
 */
public record SyntheticUser(
    int index, String id, Persona persona, long arrivalMillis, List<Turn> turns) {

  /** Validates the fields and copies the turns. */
  public SyntheticUser {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(persona, "persona");
    if (arrivalMillis < 0) {
      throw new IllegalArgumentException("arrivalMillis must be >= 0, was " + arrivalMillis);
    }
    turns = List.copyOf(turns);
  }
}
