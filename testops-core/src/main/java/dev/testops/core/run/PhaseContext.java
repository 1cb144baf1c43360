package dev.testops.core.run;

import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.engines.EngineRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a phase gets from the run executing it: the request, its parameters, the home and engines,
 * and the ways to report back. One context per phase; a run's phases share its {@link #shared}
 * values (e.g. the snapshot the SIM phase wrote, for replay).
 */
public final class PhaseContext {
  private final Run run;
  private final String phase;
  private final Map<String, String> params;
  private final ArtifactHome home;
  private final EngineRegistry engines;
  private final int threads;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final Reporter reporter;
  private final BooleanSupplier cancelled;
  private final Map<String, Object> shared;

  /** How a phase's reports reach the run (events, war-room log, stored artifacts). */
  public interface Reporter {
    /** A log line; {@code level} is {@code info}, {@code warn} or {@code error}. */
    void log(String phase, String level, String message, String remediation);

    /** The phase's progress, 0 to 100. */
    void progress(String phase, int percent);

    /** A summary of figures. */
    void metric(String phase, String name, ObjectNode figures);

    /** A file the phase wrote, under the home. */
    void artifact(String phase, String kind, Path file);
  }

  PhaseContext(
      Run run,
      String phase,
      Map<String, String> params,
      ArtifactHome home,
      EngineRegistry engines,
      int threads,
      Clock clock,
      LongSupplier nanoTime,
      Reporter reporter,
      BooleanSupplier cancelled,
      Map<String, Object> shared) {
    this.run = run;
    this.phase = phase;
    this.params = Map.copyOf(params);
    this.home = home;
    this.engines = engines;
    this.threads = threads;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.reporter = reporter;
    this.cancelled = cancelled;
    this.shared = shared;
  }

  /** Creates a context outside a run executor (for tests of a single phase). */
  public static PhaseContext standalone(
      Run run,
      String phase,
      Map<String, String> params,
      ArtifactHome home,
      EngineRegistry engines,
      Clock clock,
      LongSupplier nanoTime,
      Reporter reporter) {
    return new PhaseContext(
        run,
        phase,
        params,
        home,
        engines,
        2,
        clock,
        nanoTime,
        reporter,
        () -> false,
        new ConcurrentHashMap<>());
  }

  /**
   * Creates a context outside a run executor whose run counts as cancelled once {@code cancelled}
   * says so (for tests of a phase's cancel points).
   */
  public static PhaseContext standalone(
      Run run,
      String phase,
      Map<String, String> params,
      ArtifactHome home,
      EngineRegistry engines,
      Clock clock,
      LongSupplier nanoTime,
      Reporter reporter,
      BooleanSupplier cancelled) {
    return new PhaseContext(
        run,
        phase,
        params,
        home,
        engines,
        2,
        clock,
        nanoTime,
        reporter,
        cancelled,
        new ConcurrentHashMap<>());
  }

  /** The run. */
  public Run run() {
    return run;
  }

  /** The run's request. */
  public RunRequest request() {
    return run.request();
  }

  /** A parameter of this phase from the suite. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** The TestOps home. */
  public ArtifactHome home() {
    return home;
  }

  /** The engines. */
  public EngineRegistry engines() {
    return engines;
  }

  /** Worker threads a CPU-bound phase may use. */
  public int threads() {
    return threads;
  }

  /** The clock (for trigger metadata). */
  public Clock clock() {
    return clock;
  }

  /** A monotonic nanosecond clock (for timings). */
  public LongSupplier nanoTime() {
    return nanoTime;
  }

  /** Logs a line at info level. */
  public void info(String message) {
    reporter.log(phase, "info", message, null);
  }

  /** Logs a warning, with what to do about it (also written to the war-room log). */
  public void warn(String message, String remediation) {
    reporter.log(phase, "warn", message, remediation);
  }

  /** Reports progress, 0 to 100. */
  public void progress(int percent) {
    reporter.progress(phase, Math.max(0, Math.min(100, percent)));
  }

  /** Reports a summary of figures. */
  public void metric(String name, ObjectNode figures) {
    reporter.metric(phase, name, figures);
  }

  /** Records a file the phase wrote. */
  public void artifact(String kind, Path file) {
    reporter.artifact(phase, kind, file);
  }

  /**
   * Stops the phase if the run was cancelled: call at safe points.
   *
   * @throws RunCancelled when it was
   */
  public void checkCancelled() {
    if (cancelled.getAsBoolean()) {
      throw new RunCancelled(run.id());
    }
  }

  /**
   * Whether the run was cancelled, for a phase that waits on work of its own (e.g. a load test on
   * other threads) and stops it before calling {@link #checkCancelled}. Cheap; call it often.
   */
  public boolean isCancelled() {
    return cancelled.getAsBoolean();
  }

  /** Values the run's phases share, e.g. {@code snapshot} → the SIM snapshot's path. */
  public Map<String, Object> shared() {
    return shared;
  }

  /** An empty JSON object for summaries. */
  public static ObjectNode summary() {
    return CanonicalJson.object();
  }
}
