package dev.testops.app.cli;

import dev.testops.app.AppDefaults;
import dev.testops.core.TestOps;
import dev.testops.core.artifact.ArtifactHome;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What the CLI takes from the outside world, injected so tests can pin it: the clock, a source of
 * entropy for run ids, a monotonic timer, the environment and whether stderr is a terminal.
 */
public record CliContext(
    Clock clock,
    LongSupplier entropy,
    LongSupplier nanoTime,
    Function<String, String> env,
    boolean terminal) {

  /** The real world: system clock, secure entropy, the process environment. */
  public static CliContext system() {
    var random = new SecureRandom();
    return new CliContext(
        Clock.systemUTC(), random::nextLong, System::nanoTime, System::getenv, isTerminal());
  }

  /**
   * Builds TestOps on a home with this context's clock, entropy, timer and environment.
   *
   * @param threads worker threads CPU-bound phases may use
   */
  TestOps testops(ArtifactHome home, int threads) {
    return TestOps.create(
        AppDefaults.config()
            .andThen(
                cfg ->
                    cfg.home(home)
                        .clock(clock)
                        .entropy(entropy)
                        .nanoTime(nanoTime)
                        .environment(env)
                        .threads(threads)));
  }

  /** The same with a worker thread per core. */
  TestOps testops(ArtifactHome home) {
    return testops(home, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Whether standard streams are attached to a terminal. From JDK 22 {@code System.console()} is
   * non-null even when output is piped, so ask {@code Console.isTerminal()} where it exists.
   */
  private static boolean isTerminal() {
    var console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) console.getClass().getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17-21: a console exists only on a terminal
    }
  }
}
