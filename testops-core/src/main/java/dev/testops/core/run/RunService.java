package dev.testops.core.run;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfig;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.sim.RunIds;
import dev.testops.core.sim.SimSeed;
import dev.testops.engine.Digests;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The one entry point for runs, used by the CLI and the server alike: validate and submit runs,
 * execute them (queued, by a {@link RunQueue}, or in-process), cancel them, and read their state
 * and events. Thread-safe.
 */
public final class RunService {
  /** How long an idempotency key is honoured. */
  public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

  private final RunStore store;
  private final EventLog events;
  private final PhaseRegistry phases;
  private final ArtifactHome home;
  private final EngineRegistry engines;
  private final RunExecutor executor;
  private final Clock clock;
  private final LongSupplier entropy;
  private final OptionalLong environmentSeed;
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
  private final Object wakeup = new Object();

  /**
   * Creates the service (only {@link dev.testops.core.TestOps} does). A run whose request gives no
   * seed takes {@value SimSeed#VARIABLE} from it ({@code seed_source} {@code env}), before the
   * suite's and the configuration's.
   *
   * @param entropy random bits for new run ids
   * @param nanoTime a monotonic clock for phase timings
   * @param threads worker threads CPU-bound phases may use
   * @param reports writes the reports of every run when it ends
   * @param environment looks a variable up by name, {@code null} when unset
   * @throws TestOpsException.InvalidInput when {@value SimSeed#VARIABLE} is set but not an integer
   */
  public RunService(
      RunStore store,
      PhaseRegistry phases,
      ArtifactHome home,
      EngineRegistry engines,
      Clock clock,
      LongSupplier entropy,
      LongSupplier nanoTime,
      int threads,
      RunReports reports,
      Function<String, String> environment) {
    this.environmentSeed = SimSeed.fromEnvironment(environment);
    this.store = store;
    this.events = new EventLog(store, clock, home.output());
    this.phases = phases;
    this.home = home;
    this.engines = engines;
    this.executor =
        new RunExecutor(store, events, phases, home, engines, clock, nanoTime, threads, reports);
    this.clock = clock;
    this.entropy = entropy;
  }

  /**
   * Validates a submission against the suites, the phases, the SIM ceiling and the engines, and
   * settles its seed: the request's, else {@value SimSeed#VARIABLE}, else the suite's, else the
   * configuration's, else (empty) derived from the run id when it runs.
   *
   * @throws TestOpsException.InvalidInput naming the problem (unknown suite, phase, profile or
   *     engine; users over the ceiling)
   */
  public RunRequest resolve(Submission submission) {
    SimConfig config = SimConfigLoader.load(home.root());
    var loader = new SuiteLoader(home.root(), phases.names());
    String suiteName;
    List<String> phaseNames;
    Map<String, Map<String, String>> params = new TreeMap<>();
    int defaultUsers;
    Optional<String> suiteProfile = Optional.empty();
    OptionalLong suiteSeed = OptionalLong.empty();
    if (submission.phases().isPresent() == submission.suite().isPresent()) {
      throw new TestOpsException.InvalidInput("give either a suite or a list of phases, not both");
    }
    if (submission.suite().isPresent()) {
      Suite suite = loader.load(submission.suite().get());
      suiteName = suite.name();
      phaseNames = suite.phaseNames();
      suite.phases().forEach(step -> params.put(step.phase(), step.params()));
      defaultUsers = suite.defaultUsers();
      suiteProfile = suite.profile();
      suiteSeed = suite.seed();
    } else {
      phaseNames = submission.phases().get();
      if (phaseNames.isEmpty()) {
        throw new TestOpsException.InvalidInput("phases must name at least one phase");
      }
      phaseNames.forEach(phases::get);
      if (phaseNames.stream().distinct().count() != phaseNames.size()) {
        throw new TestOpsException.InvalidInput("phases must not repeat: " + phaseNames);
      }
      suiteName = "custom";
      defaultUsers = config.defaultUsers();
    }
    int users = submission.users().orElse(defaultUsers);
    config.checkUsers(users);
    String profile =
        config
            .profile(submission.profile().isPresent() ? submission.profile() : suiteProfile)
            .name();
    OptionalLong seed = submission.seed();
    String seedSource = submission.seedSource();
    if (seed.isEmpty()) {
      if (environmentSeed.isPresent()) {
        seed = environmentSeed;
        seedSource = SimSeed.ENV;
      } else if (suiteSeed.isPresent()) {
        seed = suiteSeed;
        seedSource = SimSeed.SUITE;
      } else if (config.defaultSeed().isPresent()) {
        seed = config.defaultSeed();
        seedSource = SimSeed.CONFIG;
      } else {
        seedSource = SimSeed.RUN_ID;
      }
    }
    String engine;
    try {
      engine = engines.requireKnown(submission.engine().orElse(EngineRegistry.DEFAULT_ENGINE));
    } catch (TestOpsException.NotFound e) {
      // In a request, an unknown engine is a field with a bad value, like an unknown suite.
      throw new TestOpsException.InvalidInput(e.getMessage());
    }
    return new RunRequest(
        suiteName,
        phaseNames,
        params,
        profile,
        users,
        seed,
        seedSource,
        engine,
        submission.engineOptions());
  }

  /**
   * Queues a run. With an idempotency key, a repeat of the same request returns the first run
   * ({@code existing = true}).
   *
   * @throws TestOpsException.Conflict when the key was used with a different request
   */
  public RunStore.Created submit(RunRequest request, Optional<String> idempotencyKey) {
    var now = clock.instant();
    var run = Run.queued(RunIds.next(clock, entropy), request, now);
    String requestSha = Digests.sha256Hex(CanonicalJson.line(request.toJson()));
    var key = idempotencyKey.map(k -> new RunStore.IdempotencyKey(k, requestSha, run.id(), now));
    RunStore.Created created = store.create(run, key, now.minus(IDEMPOTENCY_WINDOW));
    if (!created.existing()) {
      var data = CanonicalJson.object();
      data.put("status", RunStatus.QUEUED.wireName());
      data.put("progress", 0);
      events.emit(run.id(), "run", data);
      events.flush();
      synchronized (wakeup) {
        wakeup.notifyAll();
      }
    }
    return created;
  }

  /**
   * Executes a run on the calling thread (the CLI's {@code run}) and returns it finished; the
   * listener sees every event of the run as it is persisted.
   */
  public Run runInProcess(RunRequest request, EventListener listener) {
    var now = clock.instant();
    var queued = Run.queued(RunIds.next(clock, entropy), request, now);
    var running =
        new Run(queued.id(), RunStatus.RUNNING, 0, request, now, now, null, null, queued.phases());
    try (Subscription subscription = events.subscribe(running.id(), listener)) {
      store.create(running, Optional.empty(), now);
      return execute(running);
    }
  }

  /** Executes a claimed (running) run; used by {@link RunQueue}. */
  Run execute(Run running) {
    try {
      return executor.execute(running, () -> cancelled.contains(running.id()));
    } finally {
      cancelled.remove(running.id());
    }
  }

  /** Claims the next queued run, waiting up to the timeout for one to be submitted. */
  Optional<Run> claimNext(Duration wait) throws InterruptedException {
    Optional<Run> run = store.claimNextQueued(clock.instant());
    if (run.isEmpty()) {
      synchronized (wakeup) {
        wakeup.wait(Math.max(1, wait.toMillis()));
      }
      run = store.claimNextQueued(clock.instant());
    }
    return run;
  }

  /**
   * Cancels a run: a queued run ends at once; a running one stops at its next safe point.
   *
   * @throws TestOpsException.NotFound when the run does not exist
   * @throws TestOpsException.Conflict when it has already ended
   */
  public Run cancel(String runId) {
    Run run = get(runId);
    if (run.status().isTerminal()) {
      throw new TestOpsException.Conflict(
          "run " + runId + " has already ended (" + run.status().wireName() + ")");
    }
    if (run.status() == RunStatus.RUNNING) {
      cancelled.add(runId);
      return run;
    }
    Run ended = end(run, RunStatus.CANCELLED, "cancelled");
    return ended;
  }

  /** Forgets idempotency keys older than {@link #IDEMPOTENCY_WINDOW}; returns how many. */
  public int purgeExpiredIdempotencyKeys() {
    return store.purgeIdempotencyKeys(clock.instant().minus(IDEMPOTENCY_WINDOW));
  }

  /**
   * Marks runs left {@code running} by a previous process as {@code error} with reason {@code
   * interrupted}, with an event saying so. Call once at start-up, before any runner starts.
   */
  public List<Run> recoverInterrupted() {
    List<Run> recovered = new ArrayList<>();
    for (Run run : store.withStatus(RunStatus.RUNNING)) {
      recovered.add(end(run, RunStatus.ERROR, "interrupted"));
    }
    return recovered;
  }

  private Run end(Run run, RunStatus status, String reason) {
    var now = clock.instant();
    List<PhaseRun> ended = new ArrayList<>();
    for (PhaseRun phase : run.phases()) {
      PhaseStatus to =
          phase.status() == PhaseStatus.RUNNING
              ? (status == RunStatus.ERROR ? PhaseStatus.ERROR : PhaseStatus.SKIPPED)
              : phase.status() == PhaseStatus.PENDING ? PhaseStatus.SKIPPED : phase.status();
      ended.add(
          new PhaseRun(
              phase.name(),
              to,
              phase.progress(),
              phase.startedAt(),
              phase.finishedAt() != null ? phase.finishedAt() : now,
              phase.summary()));
    }
    Transitions.check(run.status(), status);
    Run done =
        new Run(
            run.id(),
            status,
            run.progress(),
            run.request(),
            run.createdAt(),
            run.startedAt(),
            now,
            reason,
            ended);
    store.update(done);
    var data = CanonicalJson.object();
    data.put("status", status.wireName());
    data.put("progress", done.progress());
    data.put("reason", reason);
    events.emit(run.id(), "run", data);
    events.close(run.id());
    executor
        .warRoom()
        .record(
            now, run.id(), "run", "error", "run " + status.wireName() + ": " + reason, null, true);
    return done;
  }

  /**
   * Returns a run.
   *
   * @throws TestOpsException.NotFound when it does not exist
   */
  public Run get(String runId) {
    return store
        .find(runId)
        .orElseThrow(() -> new TestOpsException.NotFound("unknown run " + runId));
  }

  /** Lists runs, newest first. */
  public List<Run> list(Optional<RunStatus> status, int offset, int limit) {
    return store.list(status, offset, limit);
  }

  /** Lists runs of a suite ({@code custom}: an explicit list of phases), newest first. */
  public List<Run> list(Optional<RunStatus> status, Optional<String> suite, int offset, int limit) {
    return store.list(status, suite, offset, limit);
  }

  /** Counts runs. */
  public long count(Optional<RunStatus> status) {
    return store.count(status);
  }

  /** Counts runs, optionally of one suite. */
  public long count(Optional<RunStatus> status, Optional<String> suite) {
    return store.count(status, suite);
  }

  /** The stored events of a run after a sequence number (flushing pending ones first). */
  public List<RunEvent> events(String runId, long afterSeq, int limit) {
    events.flush();
    return store.events(runId, afterSeq, limit);
  }

  /** Listens to a run's future events; close the handle to stop. */
  public Subscription subscribe(String runId, EventListener listener) {
    return events.subscribe(runId, listener);
  }

  /** Persists and publishes pending events now (runners call it periodically). */
  public void flushEvents() {
    events.flush();
  }

  /** The artifacts a run wrote. */
  public List<RunStore.Artifact> artifacts(String runId) {
    return store.artifacts(runId);
  }

  /** The phase registry. */
  public PhaseRegistry phases() {
    return phases;
  }

  /** The TestOps home. */
  public ArtifactHome home() {
    return home;
  }
}
