package dev.testops.bench;

import dev.testops.core.snapshot.RecordsCodec;
import java.util.List;

/**
 * The benchmark's command-line options.
 *
 * @param usersLarge users in the large SIM batch (the 10k figures)
 * @param usersSmall users in the small SIM batch (the denominator of the scaling ratio)
 * @param warmups rounds run first and discarded
 * @param iterations measured rounds; each figure is the median over them
 * @param threads worker threads for SIM, replay and the bare loop alike
 * @param seed the dataset and engine seed of every batch
 * @param codec how the SIM batches write their records
 */
record BenchOptions(
    int usersLarge,
    int usersSmall,
    int warmups,
    int iterations,
    int threads,
    long seed,
    RecordsCodec codec) {

  static final String USAGE =
      "usage: sim-bench [--users-large N] [--users-small N] [--warmup N] [--iterations N]"
          + " [--threads N] [--seed N] [--codec zstd|gzip|none]";

  /** Validates the fields. */
  BenchOptions {
    require(usersLarge >= 1, "--users-large must be >= 1");
    require(usersSmall >= 1, "--users-small must be >= 1");
    require(warmups >= 0, "--warmup must be >= 0");
    require(iterations >= 1, "--iterations must be >= 1");
    require(threads >= 1, "--threads must be >= 1");
  }

  /**
   * Parses {@code --name value} pairs over the defaults (10,000 and 1,000 users, 2 warm-up and 5
   * measured rounds, one thread per core).
   *
   * @throws IllegalArgumentException naming the offending option
   */
  static BenchOptions parse(List<String> args) {
    int usersLarge = 10_000;
    int usersSmall = 1_000;
    int warmups = 2;
    int iterations = 5;
    int threads = Runtime.getRuntime().availableProcessors();
    long seed = 20_261_125L;
    RecordsCodec codec = RecordsCodec.DEFAULT;
    for (int i = 0; i < args.size(); i += 2) {
      String name = args.get(i);
      require(i + 1 < args.size(), name + " needs a value");
      String value = args.get(i + 1);
      switch (name) {
        case "--users-large" -> usersLarge = number(name, value);
        case "--users-small" -> usersSmall = number(name, value);
        case "--warmup" -> warmups = number(name, value);
        case "--iterations" -> iterations = number(name, value);
        case "--threads" -> threads = number(name, value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--codec" -> codec = RecordsCodec.of(value);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    return new BenchOptions(usersLarge, usersSmall, warmups, iterations, threads, seed, codec);
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
