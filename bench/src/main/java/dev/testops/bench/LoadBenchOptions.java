package dev.testops.bench;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The load benchmark's command-line options.
 *
 * @param target the engine's base URL, e.g. {@code http://127.0.0.1:9000}
 * @param open the open model ({@code constant-arrival-rate}) when true, else the closed model
 *     ({@code constant-vus}, no think time)
 * @param vus closed: the VUs; open: the VUs pre-allocated (and the most allowed)
 * @param ratePerSecond open model: arrivals per second (ignored by the closed model)
 * @param durationSeconds the measured run's length
 * @param warmupSeconds a run of the same scenario before the measured one, discarded (0: none)
 * @param eventLoops the generator's event-loop threads
 * @param seed the dataset seed
 */
record LoadBenchOptions(
    URI target,
    boolean open,
    int vus,
    double ratePerSecond,
    int durationSeconds,
    int warmupSeconds,
    int eventLoops,
    long seed) {

  static final String USAGE =
      "usage: LoadBench --target http://127.0.0.1:PORT [--model closed|open] [--vus N]"
          + " [--rate R] [--duration SECONDS] [--warmup SECONDS] [--event-loops N] [--seed N]";

  /** Validates the fields, naming the offending option. */
  LoadBenchOptions {
    require(target != null, "--target is required");
    require(vus >= 1 && vus <= 10_000, "--vus must be in [1, 10000]");
    require(!open || ratePerSecond > 0, "--rate must be > 0 for the open model");
    require(durationSeconds >= 1 && durationSeconds <= 3_600, "--duration must be in [1, 3600]");
    require(warmupSeconds >= 0 && warmupSeconds <= 600, "--warmup must be in [0, 600]");
    require(eventLoops >= 1, "--event-loops must be >= 1");
  }

  /**
   * Parses {@code --name value} pairs over the defaults (closed model, 64 VUs, 10 s, a 3 s warm-up,
   * one event loop per core).
   *
   * @throws IllegalArgumentException naming the offending option
   */
  static LoadBenchOptions parse(List<String> args) {
    URI target = null;
    boolean open = false;
    int vus = 64;
    double rate = 0;
    int duration = 10;
    int warmup = 3;
    int eventLoops = Runtime.getRuntime().availableProcessors();
    long seed = 20_261_125L;
    for (int i = 0; i < args.size(); i += 2) {
      String name = args.get(i);
      require(i + 1 < args.size(), name + " needs a value");
      String value = args.get(i + 1);
      switch (name) {
        case "--target" -> target = URI.create(value);
        case "--model" -> open = model(value);
        case "--vus" -> vus = number(name, value);
        case "--rate" -> rate = Double.parseDouble(value);
        case "--duration" -> duration = number(name, value);
        case "--warmup" -> warmup = number(name, value);
        case "--event-loops" -> eventLoops = number(name, value);
        case "--seed" -> seed = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    return new LoadBenchOptions(target, open, vus, rate, duration, warmup, eventLoops, seed);
  }

  /** The k6 executor name of the model. */
  String executor() {
    return open ? "constant-arrival-rate" : "constant-vus";
  }

  private static boolean model(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "open" -> true;
      case "closed" -> false;
      default -> throw new IllegalArgumentException("--model must be open or closed");
    };
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'", e);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
