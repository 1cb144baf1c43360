package dev.testops.load.k6;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.Channel;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an installed {@code k6} for a scenario: writes the script, runs {@code k6 run
 * --summary-export FILE SCRIPT} and maps the exported summary.
 *
 * <p>k6's exit code decides the outcome: 0 passed, 99 ({@code ThresholdsHaveFailed}) means the run
 * completed with failed thresholds, and any other code is an error. k6 runs in {@code home} with
 * exactly the environment given here (plus {@code K6_NO_USAGE_REPORT=true}), so tests control its
 * {@code PATH}. Immutable; {@link #run} may be called from several threads for different homes.
 */
public final class K6Driver {
  /** Where the script is written, relative to the home. */
  public static final Path SCRIPT = Path.of("load", "mock_scenarios.js");

  /** Where k6 exports its summary, relative to the home. */
  public static final Path SUMMARY = Path.of("load", "k6_summary.json");

  /** Exit code k6 uses when the run completed and a threshold failed. */
  public static final int THRESHOLDS_FAILED_EXIT = 99;

  private static final int STDERR_TAIL_LINES = 20;
  private static final long READER_JOIN_MILLIS = 5_000;

  /** k6's documented exit codes (errext/exitcodes), for the error message's hint. */
  private static final Map<Integer, String> EXIT_HINTS =
      Map.of(
          100, "setup() timed out",
          101, "teardown() timed out",
          104, "invalid configuration",
          105, "aborted by a signal",
          107, "script exception",
          110, "the script marked the test as failed");

  private final Path executable;
  private final Map<String, String> environment;

  private K6Driver(Path executable, Map<String, String> environment) {
    this.executable = executable;
    this.environment = Map.copyOf(environment);
  }

  /**
   * Returns a driver for the {@code k6} found on the {@code PATH} of {@code environment}.
   *
   * @param environment the environment k6 will run with, e.g. {@code System.getenv()}
   * @throws TestOpsException.NotFound when no executable {@code k6} is on that PATH
   */
  public static K6Driver onPath(Map<String, String> environment) {
    Path k6 =
        find(environment)
            .orElseThrow(
                () ->
                    new TestOpsException.NotFound(
                        "k6 is not on the PATH ("
                            + environment.getOrDefault("PATH", "")
                            + "); install k6 or use the built-in load generator"));
    return new K6Driver(k6, environment);
  }

  /**
   * Returns a driver for the k6 executable at {@code executable}.
   *
   * @throws TestOpsException.NotFound when that file does not exist or is not executable
   */
  public static K6Driver at(Path executable, Map<String, String> environment) {
    if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
      throw new TestOpsException.NotFound("k6 executable not found at " + executable);
    }
    return new K6Driver(executable, environment);
  }

  /** Returns the first executable {@code k6} (or {@code k6.exe}) on the environment's PATH. */
  public static Optional<Path> find(Map<String, String> environment) {
    String path = environment.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator, -1)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String name : List.of("k6", "k6.exe")) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Returns the k6 executable this driver runs. */
  public Path executable() {
    return executable;
  }

  /**
   * Writes the script to {@code home/load/mock_scenarios.js}, runs k6 on it and maps its summary.
   *
   * @param spec the scenario
   * @param home the working directory; the script and the summary go under its {@code load/}
   * @param timeout how long k6 may run before it is stopped
   * @param log receives each line k6 writes to stdout or stderr, one at a time, as it is written
   * @return the outcome (passed, or thresholds failed), the exit code and the mapped summary
   * @throws TestOpsException when k6 cannot start, exits with any code but 0 or 99 (the message
   *     ends with the last lines of its stderr), overruns {@code timeout} (it is then killed), or
   *     writes no readable summary
   * @throws TestOpsException.StorageFailure when the script cannot be written
   */
  public K6RunResult run(K6ScenarioSpec spec, Path home, Duration timeout, Consumer<String> log) {
    Objects.requireNonNull(log, "log");
    // Absolute, because k6 runs in home and would resolve relative paths against it again.
    Path script = home.toAbsolutePath().resolve(SCRIPT);
    Path summary = home.toAbsolutePath().resolve(SUMMARY);
    // The script is k6's input, written like every other file (whole, through the output chain).
    new ArtifactHome(home).output().write(Channel.ARTIFACT, script, K6Script.render(spec));
    try {
      // A stale summary must never be mistaken for this run's.
      Files.deleteIfExists(summary);
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot write the k6 script " + script, e);
    }
    List<String> command =
        List.of(
            executable.toString(),
            "run",
            "--summary-export",
            summary.toString(),
            script.toString());
    Exit exit = execute(command, home, timeout, log);
    int exitCode = exit.code();
    if (exitCode != 0 && exitCode != THRESHOLDS_FAILED_EXIT) {
      throw new TestOpsException(failure(exit));
    }
    if (!Files.isRegularFile(summary)) {
      throw new TestOpsException.CorruptArtifact(
          "k6 exited with " + exitCode + " but wrote no summary to " + summary);
    }
    K6RunResult.Outcome outcome =
        exitCode == 0 ? K6RunResult.Outcome.PASSED : K6RunResult.Outcome.THRESHOLDS_FAILED;
    return new K6RunResult(outcome, exitCode, K6Summary.read(summary), script, summary);
  }

  /** How k6 exited, with the last lines it wrote to stderr. */
  private record Exit(int code, List<String> stderrTail) {}

  private Exit execute(List<String> command, Path home, Duration timeout, Consumer<String> log) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().put("K6_NO_USAGE_REPORT", "true");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new TestOpsException("cannot start k6 at " + executable + ": " + e.getMessage(), e);
    }
    Deque<String> stderrTail = new ArrayDeque<>();
    Object logLock = new Object();
    // Two reader threads feed one consumer: hand it one line at a time.
    Consumer<String> serialLog =
        line -> {
          synchronized (logLock) {
            log.accept(line);
          }
        };
    Thread out = pump(process.getInputStream(), serialLog, null, "k6-stdout");
    Thread err = pump(process.getErrorStream(), serialLog, stderrTail, "k6-stderr");
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(process);
        throw new TestOpsException("k6 did not finish within " + timeout + "; it was stopped");
      }
      out.join(READER_JOIN_MILLIS);
      err.join(READER_JOIN_MILLIS);
    } catch (InterruptedException e) {
      stop(process);
      Thread.currentThread().interrupt();
      throw new TestOpsException("interrupted while waiting for k6; it was stopped", e);
    }
    synchronized (stderrTail) {
      return new Exit(process.exitValue(), List.copyOf(stderrTail));
    }
  }

  private static String failure(Exit exit) {
    int exitCode = exit.code();
    String hint = EXIT_HINTS.get(exitCode);
    String stderr =
        exit.stderrTail().isEmpty() ? "(nothing on stderr)" : String.join("\n", exit.stderrTail());
    return "k6 failed with exit code "
        + exitCode
        + (hint == null ? "" : " (" + hint + ")")
        + "; last lines of its stderr:\n"
        + stderr;
  }

  /**
   * Reads a stream line by line on its own thread; keeps the last lines when {@code tail} is set.
   */
  private static Thread pump(
      InputStream stream, Consumer<String> log, Deque<String> tail, String name) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  try {
                    log.accept(line);
                  } catch (RuntimeException listenerFailed) {
                    // Keep draining: a full pipe would stall k6 until the timeout.
                  }
                  if (tail != null) {
                    synchronized (tail) {
                      tail.addLast(line);
                      if (tail.size() > STDERR_TAIL_LINES) {
                        tail.removeFirst();
                      }
                    }
                  }
                }
              } catch (IOException e) {
                // The pipe breaks when a timed-out k6 is killed; the caller reports the timeout.
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
