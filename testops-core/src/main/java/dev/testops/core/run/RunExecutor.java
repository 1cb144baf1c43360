package dev.testops.core.run;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.Channel;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.warroom.WarRoomLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * Executes one run, phase by phase: every state change is stored and emitted as an event, log lines
 * go to the event stream, {@code logs/run-<id>.log} and (warnings and errors) the war room. A phase
 * that fails or errs ends the run: the phases after it are skipped.
 */
public final class RunExecutor {
  private final RunStore store;
  private final EventLog events;
  private final PhaseRegistry phases;
  private final ArtifactHome home;
  private final EngineRegistry engines;
  private final WarRoomLog warRoom;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final int threads;
  private final RunRecords records;

  /** Creates an executor; {@code threads} is what CPU-bound phases may use. */
  public RunExecutor(
      RunStore store,
      EventLog events,
      PhaseRegistry phases,
      ArtifactHome home,
      EngineRegistry engines,
      Clock clock,
      LongSupplier nanoTime,
      int threads,
      RunReports reports) {
    this.store = store;
    this.events = events;
    this.phases = phases;
    this.home = home;
    this.engines = engines;
    this.warRoom = new WarRoomLog(home);
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.threads = threads;
    this.records = new RunRecords(store, events, home, warRoom, clock, reports);
  }

  /** The run's text log, {@code logs/run-<id>.log}. */
  public Path runLog(String runId) {
    return records.runLog(runId);
  }

  /** The war-room log this executor writes. */
  public WarRoomLog warRoom() {
    return warRoom;
  }

  /**
   * Executes a run that is already {@code running} and returns it finished.
   *
   * @param cancelled tells whether the run was cancelled; checked at safe points
   */
  public Run execute(Run claimed, BooleanSupplier cancelled) {
    var state = new State(claimed);
    emitRun(state.run, null);
    warRoom.record(
        clock.instant(),
        state.run.id(),
        "run",
        "info",
        "run started: " + describe(state.run),
        null,
        true);
    Map<String, Object> shared = new ConcurrentHashMap<>();
    RunStatus outcome = RunStatus.PASSED;
    String reason = null;
    List<PhaseRun> list = state.run.phases();
    for (int i = 0; i < list.size(); i++) {
      String name = list.get(i).name();
      if (outcome != RunStatus.PASSED || cancelled.getAsBoolean()) {
        if (outcome == RunStatus.PASSED) {
          outcome = RunStatus.CANCELLED;
          reason = "cancelled";
        }
        state.phase(i, PhaseStatus.SKIPPED, list.get(i).progress(), "{}");
        emitPhase(
            state, i, "skipped: " + (reason == null ? "an earlier phase did not pass" : reason));
        continue;
      }
      state.phase(i, PhaseStatus.RUNNING, 0, "{}");
      emitPhase(state, i, null);
      int index = i;
      var context =
          new PhaseContext(
              state.run,
              name,
              paramsOf(state.run, name),
              home,
              engines,
              threads,
              clock,
              nanoTime,
              new Reporter(state, index),
              cancelled,
              shared);
      try {
        PhaseOutcome result = phases.get(name).execute(context);
        state.phase(
            i,
            result.status(),
            100,
            home.output().text(Channel.STORE_TEXT, CanonicalJson.line(result.summary())));
        events.emit(state.run.id(), "metric", metricData(name, result.summary()));
        emitPhase(state, i, result.message());
        String warning = result.summary().path(PhaseOutcome.WARNING).asString("");
        if (result.status() == PhaseStatus.PASSED && !warning.isEmpty() && reason == null) {
          // A pass with a warning is still a pass, but its reason says why it is not a plain one.
          reason = name + " warning: " + warning;
        }
        if (result.status() == PhaseStatus.FAILED) {
          outcome = RunStatus.FAILED;
          reason = name + " failed: " + result.message();
          warRoom.record(
              clock.instant(), state.run.id(), name, "error", reason, remediation(name), true);
        }
      } catch (RunCancelled e) {
        state.phase(i, PhaseStatus.SKIPPED, state.run.phases().get(i).progress(), "{}");
        emitPhase(state, i, "cancelled");
        outcome = RunStatus.CANCELLED;
        reason = "cancelled";
      } catch (RuntimeException e) {
        String message = e instanceof TestOpsException ? e.getMessage() : e.toString();
        state.phase(i, PhaseStatus.ERROR, state.run.phases().get(i).progress(), "{}");
        emitPhase(state, i, message);
        outcome = RunStatus.ERROR;
        reason = name + " error: " + message;
        warRoom.record(
            clock.instant(), state.run.id(), name, "critical", reason, remediation(name), true);
      }
    }
    // Everything the run leaves behind is written before it is marked finished, so a client
    // that sees the final state finds the logs and the bundle in place.
    String verdict = "run " + outcome.wireName() + (reason == null ? "" : ": " + reason);
    Instant finishedAt = clock.instant();
    records.appendLog(state.run.id(), "run", "info", verdict);
    warRoom.record(
        finishedAt,
        state.run.id(),
        "run",
        outcome != RunStatus.PASSED ? "error" : reason == null ? "info" : "warn",
        verdict,
        null,
        true);
    records.recordArtifact(state.run.id(), "warroom", warRoom.runLog(state.run.id()));
    records.recordArtifact(state.run.id(), "log", records.runLog(state.run.id()));
    records.recordArtifact(state.run.id(), "events", records.exportEvents(state.run.id()));
    records.report(state.finished(outcome, reason, finishedAt));
    records.bundle(state.run);
    state.finish(outcome, reason, finishedAt);
    events.emit(state.run.id(), "run", runData(state.run, reason));
    events.close(state.run.id());
    return state.run;
  }

  /** The mutable view of the run being executed; every change is stored at once. */
  private final class State {
    Run run;
    int lastStoredProgress = -1;

    State(Run run) {
      this.run = run;
    }

    void phase(int index, PhaseStatus status, int progress, String summary) {
      PhaseRun old = run.phases().get(index);
      Transitions.check(old.status(), status);
      var now = clock.instant();
      var updated =
          new PhaseRun(
              old.name(),
              status,
              progress,
              status == PhaseStatus.RUNNING ? now : old.startedAt(),
              status.isTerminal() ? now : null,
              summary);
      replace(index, updated);
      store();
    }

    void progress(int index, int percent) {
      PhaseRun old = run.phases().get(index);
      replace(
          index,
          new PhaseRun(old.name(), old.status(), percent, old.startedAt(), null, old.summary()));
      if (run.progress() != lastStoredProgress) {
        store();
      }
    }

    /** The run as it will be stored when it ends (not stored yet). */
    Run finished(RunStatus status, String reason, Instant at) {
      Transitions.check(run.status(), status);
      return new Run(
          run.id(),
          status,
          100,
          run.request(),
          run.createdAt(),
          run.startedAt(),
          at,
          reason,
          run.phases());
    }

    void finish(RunStatus status, String reason, Instant at) {
      run = finished(status, reason, at);
      store();
    }

    private void replace(int index, PhaseRun phase) {
      List<PhaseRun> list = new ArrayList<>(run.phases());
      list.set(index, phase);
      int total = 0;
      for (PhaseRun p : list) {
        total += p.status().isTerminal() ? 100 : p.progress();
      }
      run =
          new Run(
              run.id(),
              run.status(),
              Math.min(100, total / Math.max(1, list.size())),
              run.request(),
              run.createdAt(),
              run.startedAt(),
              run.finishedAt(),
              run.reason(),
              list);
    }

    private void store() {
      RunExecutor.this.store.update(run);
      lastStoredProgress = run.progress();
    }
  }

  /** Turns a phase's reports into events, log lines, war-room entries and artifacts. */
  private final class Reporter implements PhaseContext.Reporter {
    private final State state;
    private final int index;

    Reporter(State state, int index) {
      this.state = state;
      this.index = index;
    }

    @Override
    public void log(String phase, String level, String message, String remediation) {
      ObjectNode data = CanonicalJson.object();
      data.put("phase", phase);
      data.put("level", level);
      data.put("message", message);
      if (remediation != null) {
        data.put("remediation", remediation);
      }
      events.emit(state.run.id(), "log", data);
      records.appendLog(state.run.id(), phase, level, message);
      if (!level.equals("info")) {
        warRoom.record(clock.instant(), state.run.id(), phase, level, message, remediation, false);
      }
    }

    @Override
    public void progress(String phase, int percent) {
      state.progress(index, percent);
      ObjectNode data = CanonicalJson.object();
      data.put("phase", phase);
      data.put("phase_progress", percent);
      data.put("progress", state.run.progress());
      events.emit(state.run.id(), "progress", data);
    }

    @Override
    public void metric(String phase, String name, ObjectNode figures) {
      ObjectNode data = metricData(phase, figures);
      data.put("name", name);
      events.emit(state.run.id(), "metric", data);
    }

    @Override
    public void artifact(String phase, String kind, Path file) {
      records.recordArtifact(state.run.id(), kind, file);
    }
  }

  private void emitRun(Run run, String reason) {
    events.emit(run.id(), "run", runData(run, reason));
    records.appendLog(
        run.id(),
        "run",
        "info",
        "run " + run.status().wireName() + (reason == null ? "" : ": " + reason));
  }

  private static ObjectNode runData(Run run, String reason) {
    ObjectNode data = CanonicalJson.object();
    data.put("status", run.status().wireName());
    data.put("progress", run.progress());
    if (reason != null) {
      data.put("reason", reason);
    }
    return data;
  }

  private void emitPhase(State state, int index, String message) {
    PhaseRun phase = state.run.phases().get(index);
    ObjectNode data = CanonicalJson.object();
    data.put("phase", phase.name());
    data.put("title", phases.get(phase.name()).title());
    data.put("status", phase.status().wireName());
    data.put("progress", state.run.progress());
    if (message != null) {
      data.put("message", message);
    }
    events.emit(state.run.id(), "phase", data);
    records.appendLog(
        state.run.id(),
        phase.name(),
        phase.status() == PhaseStatus.ERROR ? "error" : "info",
        phase.status().wireName() + (message == null ? "" : ": " + message));
  }

  private static ObjectNode metricData(String phase, ObjectNode figures) {
    ObjectNode data = CanonicalJson.object();
    data.put("phase", phase);
    data.set("figures", figures);
    return data;
  }

  private static Map<String, String> paramsOf(Run run, String phase) {
    return run.request().phaseParams().getOrDefault(phase, Map.of());
  }

  private static String describe(Run run) {
    return String.format(
        java.util.Locale.ROOT,
        "suite %s (%s), %d users, engine %s",
        run.request().suite(),
        String.join(", ", run.request().phases()),
        run.request().users(),
        run.request().engineId());
  }

  private static String remediation(String phase) {
    return switch (phase) {
      case "engine-check" -> "check that the engine loads and answers; run `testops engine check`";
      case "sim" -> "inspect the SIM records for failed requests; rerun with the same seed";
      case "replay" ->
          "the engine is nondeterministic: compare the first diverging records in"
              + " reports/determinism/";
      default -> "see the run log";
    };
  }
}
