package dev.testops.enginehttp;

import java.util.Objects;

/**
 * How {@link EngineHttpServer} serves. Start from {@link #defaults()} and change what differs.
 *
 * @param port the loopback TCP port, 0 for an ephemeral one (see {@link EngineHttpServer#port()})
 * @param latencyMode whether answers wait for the modelled latency
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 * @param ioThreads event-loop threads that own the connections
 * @param processThreads threads that run {@code Engine.process}, off the event loops
 */
public record EngineServerConfig(
    int port, LatencyMode latencyMode, int maxRequestBytes, int ioThreads, int processThreads) {

  /** The protocol's request body limit: 64 KiB. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

  /** Validates every field, naming the field and its bound. */
  public EngineServerConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
    }
    Objects.requireNonNull(latencyMode, "latencyMode");
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException("maxRequestBytes must be >= 1, was " + maxRequestBytes);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be >= 1, was " + ioThreads);
    }
    if (processThreads < 1) {
      throw new IllegalArgumentException("processThreads must be >= 1, was " + processThreads);
    }
  }

  /**
   * An ephemeral port, latency {@code none}, 64 KiB bodies, and one I/O and one process thread per
   * core.
   */
  public static EngineServerConfig defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new EngineServerConfig(0, LatencyMode.NONE, DEFAULT_MAX_REQUEST_BYTES, cores, cores);
  }

  /** Returns this configuration on another port. */
  public EngineServerConfig withPort(int newPort) {
    return new EngineServerConfig(newPort, latencyMode, maxRequestBytes, ioThreads, processThreads);
  }

  /** Returns this configuration with another latency mode. */
  public EngineServerConfig withLatencyMode(LatencyMode mode) {
    return new EngineServerConfig(port, mode, maxRequestBytes, ioThreads, processThreads);
  }

  /** Returns this configuration with other thread counts. */
  public EngineServerConfig withThreads(int newIoThreads, int newProcessThreads) {
    return new EngineServerConfig(
        port, latencyMode, maxRequestBytes, newIoThreads, newProcessThreads);
  }
}
