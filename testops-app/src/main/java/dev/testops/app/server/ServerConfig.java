package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How a TestOps server runs. {@link #defaults} gives the documented defaults; the {@code with}
 * methods change one setting.
 *
 * @param home the TestOps home (store, artifacts, config)
 * @param bind the address to listen on; anything but loopback requires API tokens
 * @param port the port, 0 for any free one
 * @param concurrency runs executed at once
 * @param threads worker threads CPU-bound phases may use
 * @param unlockWindow how long {@code POST /begin} unlocks the legacy run routes
 * @param maxBodyBytes the largest request body accepted
 * @param maxStreams the most event-stream clients at once
 * @param streamBuffer events buffered per stream client before it is dropped as too slow
 * @param heartbeat the idle time after which a stream sends a keep-alive comment
 * @param streamEndGrace how long a stream waits for stragglers after the run's final event
 * @param clock the clock (run times, unlock expiry)
 * @param entropy random bits (run ids)
 * @param nanoTime a monotonic timer (phase timings, stream timeouts)
 * @param environment looks an environment variable up by name ({@code null} when unset): engines
 *     resolve their options against it, and a run request without a seed takes {@code SIM_SEED}
 *     from it
 */
public record ServerConfig(
    ArtifactHome home,
    String bind,
    int port,
    int concurrency,
    int threads,
    Duration unlockWindow,
    int maxBodyBytes,
    int maxStreams,
    int streamBuffer,
    Duration heartbeat,
    Duration streamEndGrace,
    Clock clock,
    LongSupplier entropy,
    LongSupplier nanoTime,
    java.util.function.Function<String, String> environment) {

  /** Checks every setting, naming the first one out of range. */
  public ServerConfig {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(unlockWindow, "unlockWindow");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(streamEndGrace, "streamEndGrace");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(entropy, "entropy");
    Objects.requireNonNull(nanoTime, "nanoTime");
    Objects.requireNonNull(environment, "environment");
    require(port >= 0 && port <= 65_535, "port must be in [0, 65535], was " + port);
    require(concurrency >= 1, "concurrency must be at least 1, was " + concurrency);
    require(threads >= 1, "threads must be at least 1, was " + threads);
    require(!unlockWindow.isNegative(), "the unlock window must not be negative");
    require(maxBodyBytes >= 1024, "the body cap must be at least 1024 bytes, was " + maxBodyBytes);
    require(maxStreams >= 1, "max streams must be at least 1, was " + maxStreams);
    require(streamBuffer >= 16, "the stream buffer must hold at least 16 events");
    require(!heartbeat.isNegative() && !heartbeat.isZero(), "the heartbeat must be positive");
    require(!streamEndGrace.isNegative(), "the stream end grace must not be negative");
  }

  /**
   * The defaults: loopback port 8000, one run at a time, a 30-minute unlock, 64 KiB bodies, 256
   * streams of 1,000 buffered events, a heartbeat every 15 s, a 2 s end grace and the process
   * environment.
   */
  public static ServerConfig defaults(
      ArtifactHome home, Clock clock, LongSupplier entropy, LongSupplier nanoTime) {
    return new ServerConfig(
        home,
        "127.0.0.1",
        8000,
        1,
        Runtime.getRuntime().availableProcessors(),
        Duration.ofMinutes(30),
        64 * 1024,
        256,
        1000,
        Duration.ofSeconds(15),
        Duration.ofSeconds(2),
        clock,
        entropy,
        nanoTime,
        System::getenv);
  }

  /** The same with another address and port. */
  public ServerConfig withListen(String bindAddress, int listenPort) {
    return new ServerConfig(
        home,
        bindAddress,
        listenPort,
        concurrency,
        threads,
        unlockWindow,
        maxBodyBytes,
        maxStreams,
        streamBuffer,
        heartbeat,
        streamEndGrace,
        clock,
        entropy,
        nanoTime,
        environment);
  }

  /** The same with another run concurrency and phase thread count. */
  public ServerConfig withRunners(int runConcurrency, int phaseThreads) {
    return new ServerConfig(
        home,
        bind,
        port,
        runConcurrency,
        phaseThreads,
        unlockWindow,
        maxBodyBytes,
        maxStreams,
        streamBuffer,
        heartbeat,
        streamEndGrace,
        clock,
        entropy,
        nanoTime,
        environment);
  }

  /** The same with another unlock window. */
  public ServerConfig withUnlockWindow(Duration window) {
    return new ServerConfig(
        home,
        bind,
        port,
        concurrency,
        threads,
        window,
        maxBodyBytes,
        maxStreams,
        streamBuffer,
        heartbeat,
        streamEndGrace,
        clock,
        entropy,
        nanoTime,
        environment);
  }

  /** The same with other event-stream limits and timings. */
  public ServerConfig withStreams(int max, int buffer, Duration beat, Duration endGrace) {
    return new ServerConfig(
        home,
        bind,
        port,
        concurrency,
        threads,
        unlockWindow,
        maxBodyBytes,
        max,
        buffer,
        beat,
        endGrace,
        clock,
        entropy,
        nanoTime,
        environment);
  }

  /** The same with another environment (the CLI's injected one, or a test's). */
  public ServerConfig withEnvironment(java.util.function.Function<String, String> env) {
    return new ServerConfig(
        home,
        bind,
        port,
        concurrency,
        threads,
        unlockWindow,
        maxBodyBytes,
        maxStreams,
        streamBuffer,
        heartbeat,
        streamEndGrace,
        clock,
        entropy,
        nanoTime,
        env);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new TestOpsException.InvalidInput(message);
    }
  }
}
