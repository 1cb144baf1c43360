package dev.testops.bench;

import java.util.List;

/**
 * The server benchmark's command-line options.
 *
 * @param events events ingested per measured step
 * @param batch events per transaction for the store and bare JDBC steps (the event log's own batch
 *     is 64)
 * @param warmups ingest rounds run first and discarded
 * @param iterations measured ingest rounds; each figure is the median over them
 * @param subscribers concurrent SSE clients on the fan-out run
 * @param users the fan-out run's SIM users (the {@code smoke} suite); more users, more events
 * @param holdSeconds how long the blocking run holds the queue while the clients connect
 * @param skipIngest skip the ingest benchmark
 * @param skipSse skip the SSE fan-out benchmark
 */
record ServerBenchOptions(
    int events,
    int batch,
    int warmups,
    int iterations,
    int subscribers,
    int users,
    int holdSeconds,
    boolean skipIngest,
    boolean skipSse) {

  static final String USAGE =
      "usage: server-bench [--events N] [--batch N] [--warmup N] [--iterations N]"
          + " [--subscribers N] [--users N] [--hold-seconds N] [--skip-ingest] [--skip-sse]";

  /** Validates the fields. */
  ServerBenchOptions {
    require(events >= 1, "--events must be >= 1");
    require(batch >= 1, "--batch must be >= 1");
    require(warmups >= 0, "--warmup must be >= 0");
    require(iterations >= 1, "--iterations must be >= 1");
    require(subscribers >= 1, "--subscribers must be >= 1");
    require(users >= 1, "--users must be >= 1");
    require(holdSeconds >= 1 && holdSeconds <= 400, "--hold-seconds must be in [1, 400]");
  }

  /**
   * Parses the options over the defaults: 30,000 events in batches of 64, 2 warm-up and 5 measured
   * rounds; 1,000 subscribers on a 10,000-user smoke run (the SIM ceiling: the most events), queue
   * held 12 s.
   *
   * @throws IllegalArgumentException naming the offending option
   */
  static ServerBenchOptions parse(List<String> args) {
    int events = 30_000;
    int batch = 64;
    int warmups = 2;
    int iterations = 5;
    int subscribers = 1_000;
    int users = 10_000;
    int holdSeconds = 12;
    boolean skipIngest = false;
    boolean skipSse = false;
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (name.equals("--skip-ingest")) {
        skipIngest = true;
        continue;
      }
      if (name.equals("--skip-sse")) {
        skipSse = true;
        continue;
      }
      require(i + 1 < args.size(), name + " needs a value");
      String value = args.get(++i);
      switch (name) {
        case "--events" -> events = number(name, value);
        case "--batch" -> batch = number(name, value);
        case "--warmup" -> warmups = number(name, value);
        case "--iterations" -> iterations = number(name, value);
        case "--subscribers" -> subscribers = number(name, value);
        case "--users" -> users = number(name, value);
        case "--hold-seconds" -> holdSeconds = number(name, value);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    return new ServerBenchOptions(
        events, batch, warmups, iterations, subscribers, users, holdSeconds, skipIngest, skipSse);
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
