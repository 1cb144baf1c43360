package dev.testops.core;

import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.OutputFilter;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.phases.BuiltInPhases;
import dev.testops.core.report.MasterReports;
import dev.testops.core.report.html.ReportPage;
import dev.testops.core.run.PhaseRegistry;
import dev.testops.core.run.RunQueue;
import dev.testops.core.run.RunService;
import dev.testops.core.run.RunStore;
import dev.testops.core.sim.SimSeed;
import dev.testops.core.store.sqlite.SqliteRunStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one composition root: builds TestOps (store, engines, phases, reports, run service) from
 * configuration. The server, every CLI command, the benches and the tests start here; nothing else
 * opens a store or wires a run service.
 *
 * <pre>{@code
 * try (TestOps testops = TestOps.create(cfg -> cfg.home(home).clock(clock)
 *     .entropy(random::nextLong).nanoTime(System::nanoTime))) {
 *   testops.runs().runInProcess(request, listener);
 * }
 * }</pre>
 */
public final class TestOps implements AutoCloseable {
  private final Config config;
  private final RunStore store;
  private final EngineRegistry engines;
  private final MasterReports reports;
  private final RunService runs;
  private final List<RunQueue> queues = new ArrayList<>();

  private TestOps(Config config) {
    config.home = config.home.withFilter(config.filter);
    this.config = config;
    this.store = config.openStore();
    try {
      this.engines =
          EngineRegistry.discover(config.home.engines()).withEnvironment(config.environment);
      this.reports = new MasterReports(store, config.home, new ReportPage(config.charts.get()));
      this.runs =
          new RunService(
              store,
              config.phases,
              config.home,
              engines,
              config.clock,
              config.entropy,
              config.nanoTime,
              config.threads,
              reports,
              config.environment);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Builds TestOps: opens (creating and migrating) the configured store and wires the run service
   * on it.
   *
   * @throws TestOpsException.InvalidInput when the configuration is incomplete or invalid, or
   *     {@code SIM_SEED} is set but not an integer
   * @throws TestOpsException.StorageFailure when the store cannot be opened
   */
  public static TestOps create(Consumer<Config> configure) {
    var config = new Config();
    configure.accept(config);
    config.validate();
    return new TestOps(config);
  }

  /** Runs: submit, execute, cancel, read. */
  public RunService runs() {
    return runs;
  }

  /** The history store (tokens and runs). */
  public RunStore store() {
    return store;
  }

  /** The home: artifacts, configuration, engines. */
  public ArtifactHome home() {
    return config.home;
  }

  /** The engines found in the home and on the classpath, resolved against the environment. */
  public EngineRegistry engines() {
    return engines;
  }

  /** The master reports writer. */
  public MasterReports reports() {
    return reports;
  }

  /** The phases runs may name. */
  public PhaseRegistry phases() {
    return config.phases;
  }

  /**
   * Starts a queue executing submitted runs (after recovering runs a previous process left); it is
   * closed with this.
   */
  public synchronized RunQueue startQueue(int concurrency) {
    RunQueue queue = RunQueue.start(runs, concurrency);
    queues.add(queue);
    return queue;
  }

  /** Stops the queues and closes the store. Idempotent. */
  @Override
  public synchronized void close() {
    try {
      queues.forEach(RunQueue::close);
      queues.clear();
    } finally {
      store.close();
    }
  }

  /** What TestOps is built from. Clock, entropy and timer are required: the core reads none. */
  public static final class Config {
    private ArtifactHome home;
    private Clock clock;
    private LongSupplier entropy;
    private LongSupplier nanoTime;
    private Function<String, String> environment = name -> null;
    private int threads = Runtime.getRuntime().availableProcessors();
    private PhaseRegistry phases = BuiltInPhases.registry();
    private Supplier<String> charts = () -> "";
    private OutputFilter filter = OutputFilter.NONE;

    private Config() {}

    /** The home: store file, artifacts, configuration, engines. Required. */
    public Config home(ArtifactHome value) {
      this.home = Objects.requireNonNull(value, "home");
      return this;
    }

    /** The home at a path. */
    public Config home(Path root) {
      return home(new ArtifactHome(root));
    }

    /** The clock (run times). Required. */
    public Config clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Random bits for run ids. Required. */
    public Config entropy(LongSupplier value) {
      this.entropy = Objects.requireNonNull(value, "entropy");
      return this;
    }

    /** A monotonic timer in nanoseconds (phase timings). Required. */
    public Config nanoTime(LongSupplier value) {
      this.nanoTime = Objects.requireNonNull(value, "nanoTime");
      return this;
    }

    /**
     * Looks an environment variable up by name ({@code null} when unset): engines resolve their
     * options against it, and a run without a seed takes {@code SIM_SEED} from it. Default: none.
     */
    public Config environment(Function<String, String> value) {
      this.environment = Objects.requireNonNull(value, "environment");
      return this;
    }

    /** Worker threads CPU-bound phases may use. Default: the available processors. */
    public Config threads(int value) {
      this.threads = value;
      return this;
    }

    /** The phases runs may name. Default: the built-in ones. */
    public Config phases(PhaseRegistry value) {
      this.phases = Objects.requireNonNull(value, "phases");
      return this;
    }

    /**
     * A filter in front of everything runs write or stream (events, logs, war room, artifacts,
     * reports, snapshots, records, stored text). Default: none. Filters added later run later.
     */
    public Config outputFilter(OutputFilter value) {
      this.filter = filter.andThen(Objects.requireNonNull(value, "outputFilter"));
      return this;
    }

    /** The chart script inlined into every HTML report, read when TestOps is built. */
    public Config charts(Supplier<String> value) {
      this.charts = Objects.requireNonNull(value, "charts");
      return this;
    }

    private void validate() {
      List<String> missing = new ArrayList<>();
      if (home == null) {
        missing.add("home");
      }
      if (clock == null) {
        missing.add("clock");
      }
      if (entropy == null) {
        missing.add("entropy");
      }
      if (nanoTime == null) {
        missing.add("nanoTime");
      }
      if (!missing.isEmpty()) {
        throw new TestOpsException.InvalidInput(
            "TestOps configuration lacks " + String.join(", ", missing));
      }
      // A malformed SIM_SEED is refused before the store is even created.
      SimSeed.fromEnvironment(environment);
      if (threads < 1 || threads > 512) {
        throw new TestOpsException.InvalidInput("threads must be in [1, 512], was " + threads);
      }
    }

    /** The history store: the SQLite file under the home ({@value SqliteRunStore#HOME_FILE}). */
    private RunStore openStore() {
      return SqliteRunStore.openHome(home.root());
    }
  }
}
