package dev.testops.bench;

import java.util.LinkedHashSet;
import java.util.Set;

/** What the measured rounds produced; filled on the benchmark's main thread only. */
final class BenchResult {
  final int turnsPerUser;
  final Samples simLarge = new Samples();
  final Samples replayLarge = new Samples();
  final Samples bareLarge = new Samples();
  final Samples simSmall = new Samples();

  /** The replays' determinism scores, distinct, in the order first seen. */
  final Set<String> determinismScores = new LinkedHashSet<>();

  /**
   * The very first large SIM batch, in a cold JVM (a warm-up round unless there are none): what a
   * one-off {@code testops sim} pays, since the CLI runs in a fresh JVM each time.
   */
  Samples.Timing coldSimLarge;

  /** The highest peak heap of any measured large SIM batch, in bytes. */
  long peakHeapBytes;

  BenchResult(int turnsPerUser) {
    this.turnsPerUser = turnsPerUser;
  }
}
