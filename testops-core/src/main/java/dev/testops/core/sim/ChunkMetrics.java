package dev.testops.core.sim;

import dev.testops.core.dataset.Persona;
import dev.testops.engine.EngineResponse;
import java.util.Arrays;

/**
 * The metric events of one chunk, kept as a few primitive arrays: what {@link SimMetrics} needs to
 * count them, and nothing more. A chunk holds a few hundred requests, so giving each chunk its own
 * full-range histograms (about 180 KiB each) and merging them would cost far more than the events
 * themselves; instead the sink replays the events into one {@link SimMetrics} with {@link
 * SimMetrics#merge}. Filled by one worker thread, then read by the sink thread only.
 */
public final class ChunkMetrics {
  private static final int ESCALATED = 1 << 16;

  private final long[] usersByPersona = new long[Persona.values().length];
  private final long[] errorsByPersona = new long[Persona.values().length];
  private int responses;
  private int errors;

  /** Per failed request: persona ordinal (bits 0-7), turn number (bits 8 and up). */
  private int[] errorKinds = new int[16];

  /** Per response: persona ordinal (bits 0-7), tier ordinal (bits 8-15), escalated (bit 16). */
  private int[] kinds;

  private int[] contradictions;
  private int[] turnNumbers;
  private long[] latencyMicros;
  private long[] confidenceMicros;
  private long[] sentAtMillis;

  /** Creates an empty instance sized for about {@code expectedResponses} responses. */
  ChunkMetrics(int expectedResponses) {
    int capacity = Math.max(expectedResponses, 16);
    kinds = new int[capacity];
    contradictions = new int[capacity];
    turnNumbers = new int[capacity];
    latencyMicros = new long[capacity];
    confidenceMicros = new long[capacity];
    sentAtMillis = new long[capacity];
  }

  /** Counts one user. */
  void addUser(Persona persona) {
    usersByPersona[persona.ordinal()]++;
  }

  /**
   * Counts one answered request.
   *
   * @param turn the user's turn number, from 1
   * @param sentAtMillis when the request was sent, in simulated ms from the start of the run
   */
  void addResponse(Persona persona, int turn, EngineResponse response, long sentAtMillis) {
    if (responses == kinds.length) {
      grow();
    }
    int i = responses++;
    kinds[i] =
        persona.ordinal() | response.tier().ordinal() << 8 | (response.escalated() ? ESCALATED : 0);
    contradictions[i] = response.contradictions();
    turnNumbers[i] = turn;
    latencyMicros[i] = response.latencyMicros();
    // Rounded here, per response, exactly as the sum in SimMetrics has always been defined.
    confidenceMicros[i] = Math.round(response.confidence() * 1_000_000);
    this.sentAtMillis[i] = sentAtMillis;
  }

  /**
   * Counts one failed request.
   *
   * @param turn the user's turn number, from 1
   */
  void addError(Persona persona, int turn) {
    errorsByPersona[persona.ordinal()]++;
    if (errors == errorKinds.length) {
      errorKinds = Arrays.copyOf(errorKinds, errors * 2);
    }
    errorKinds[errors++] = persona.ordinal() | turn << 8;
  }

  /** Replays every event into {@code metrics}; the order of events does not change the result. */
  void replayInto(SimMetrics metrics) {
    for (int p = 0; p < usersByPersona.length; p++) {
      metrics.addUsers(p, usersByPersona[p]);
      metrics.addErrors(p, errorsByPersona[p]);
    }
    for (int i = 0; i < errors; i++) {
      metrics.addTurnError(errorKinds[i] >>> 8);
    }
    for (int i = 0; i < responses; i++) {
      int kind = kinds[i];
      metrics.addResponse(
          kind & 0xFF,
          (kind >>> 8) & 0xFF,
          (kind & ESCALATED) != 0,
          turnNumbers[i],
          contradictions[i],
          latencyMicros[i],
          confidenceMicros[i],
          sentAtMillis[i]);
    }
  }

  private void grow() {
    int capacity = kinds.length * 2;
    kinds = Arrays.copyOf(kinds, capacity);
    contradictions = Arrays.copyOf(contradictions, capacity);
    turnNumbers = Arrays.copyOf(turnNumbers, capacity);
    latencyMicros = Arrays.copyOf(latencyMicros, capacity);
    confidenceMicros = Arrays.copyOf(confidenceMicros, capacity);
    sentAtMillis = Arrays.copyOf(sentAtMillis, capacity);
  }
}
