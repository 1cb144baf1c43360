package dev.testops.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a scenario schedules iterations; the names are k6's executor names. */
public enum Executor {
  /** Open model: a fixed number of iterations per second, whatever the response times. */
  CONSTANT_ARRIVAL_RATE(true),
  /** Open model: the arrival rate ramps linearly through stages. */
  RAMPING_ARRIVAL_RATE(true),
  /** Closed model: a fixed number of VUs, each sending after its previous answer and a think. */
  CONSTANT_VUS(false),
  /** Closed model: the number of VUs ramps linearly through stages. */
  RAMPING_VUS(false);

  private final boolean open;

  Executor(boolean open) {
    this.open = open;
  }

  /** Whether this is an open (arrival-rate) model. */
  public boolean open() {
    return open;
  }

  /** Whether this executor is driven by stages. */
  public boolean ramping() {
    return this == RAMPING_ARRIVAL_RATE || this == RAMPING_VUS;
  }

  /** The k6 name, e.g. {@code constant-arrival-rate}. */
  public String k6Name() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a k6 executor name.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Executor parse(String name) {
    for (Executor executor : values()) {
      if (executor.k6Name().equals(name)) {
        return executor;
      }
    }
    throw new IllegalArgumentException(
        "executor must be one of "
            + Arrays.stream(values()).map(Executor::k6Name).collect(Collectors.joining(", "))
            + ", was '"
            + name
            + "'");
  }
}
