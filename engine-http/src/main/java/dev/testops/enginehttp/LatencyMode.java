package dev.testops.enginehttp;

import java.util.Locale;

/** Whether {@link EngineHttpServer} holds each {@code /process} answer for its modelled latency. */
public enum LatencyMode {
  /**
   * Answer {@code latency_us} microseconds after the request arrived (or at once when computing it
   * took longer), so a load test sees the modelled service times.
   */
  MODEL,
  /** Answer as soon as the engine has computed the response. */
  NONE;

  /** Returns the lowercase name used on the command line: {@code model} or {@code none}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code model} or {@code none} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static LatencyMode parse(String label) {
    for (LatencyMode mode : values()) {
      if (mode.label().equalsIgnoreCase(label)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("latency must be model or none, was '" + label + "'");
  }
}
