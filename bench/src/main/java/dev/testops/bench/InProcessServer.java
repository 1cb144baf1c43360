package dev.testops.bench;

import dev.testops.core.artifact.ArtifactHome;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A TestOps server ({@code dev.testops.app.server.TestOpsServer}) started in this JVM on a free
 * loopback port, as the app's test harness starts it.
 *
 * <p>It is reached by reflection because testops-app's main artifact is the Spring Boot repackaged
 * jar (classes under {@code BOOT-INF/}), which {@code javac} cannot compile against; the scripts
 * put {@code testops-app/target/classes} on the class path instead. With {@code
 * <attach>false</attach>} on that module's repackage execution, the plain jar becomes its artifact
 * and these calls can be direct.
 */
final class InProcessServer implements AutoCloseable {
  private static final String PACKAGE = "dev.testops.app.server.";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AutoCloseable server;
  private final String url;

  private InProcessServer(AutoCloseable server, String url) {
    this.server = server;
    this.url = url;
  }

  /**
   * Starts a server on the home: port 0, one run at a time, the defaults otherwise except for the
   * number of event-stream clients it admits at once (the default, 256, is below what the benchmark
   * connects).
   *
   * @param maxStreams the most event-stream clients at once
   * @param phaseThreads worker threads a run's phases may use
   * @throws IllegalStateException when testops-app is not on the class path or does not start
   */
  static InProcessServer start(Path home, int maxStreams, int phaseThreads) {
    try {
      Class<?> configType = Class.forName(PACKAGE + "ServerConfig");
      Object config =
          configType
              .getMethod(
                  "defaults",
                  ArtifactHome.class,
                  Clock.class,
                  LongSupplier.class,
                  LongSupplier.class)
              .invoke(
                  null,
                  new ArtifactHome(home),
                  Clock.systemUTC(),
                  (LongSupplier) RANDOM::nextLong,
                  (LongSupplier) System::nanoTime);
      config =
          configType
              .getMethod("withListen", String.class, int.class)
              .invoke(config, "127.0.0.1", 0);
      config =
          configType.getMethod("withRunners", int.class, int.class).invoke(config, 1, phaseThreads);
      config =
          configType
              .getMethod("withStreams", int.class, int.class, Duration.class, Duration.class)
              .invoke(
                  config,
                  maxStreams,
                  get(configType, config, "streamBuffer"),
                  get(configType, config, "heartbeat"),
                  get(configType, config, "streamEndGrace"));
      Class<?> serverType = Class.forName(PACKAGE + "TestOpsServer");
      Object server = serverType.getMethod("start", configType).invoke(null, config);
      String url = (String) serverType.getMethod("url").invoke(server);
      return new InProcessServer((AutoCloseable) server, url);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the server did not start: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "testops-app is not on the class path (bench/server-bench puts it there): " + e, e);
    }
  }

  private static Object get(Class<?> type, Object target, String accessor)
      throws ReflectiveOperationException {
    Method method = type.getMethod(accessor);
    return method.invoke(target);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  String url() {
    return url;
  }

  /** Stops the server and closes its store. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // TestOpsServer.close declares none; AutoCloseable's signature does.
      throw new IllegalStateException("the server did not stop: " + e, e);
    }
  }
}
