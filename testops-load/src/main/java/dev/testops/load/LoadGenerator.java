package dev.testops.load;

import dev.testops.core.TestOpsException;
import dev.testops.core.dataset.DatasetGenerator;
import dev.testops.core.dataset.SimProfile;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a {@link Scenario} against an engine served over HTTP ({@code POST /process}): Netty event
 * loops (one per core, no thread per VU), one keep-alive connection per VU, each VU a SIM user of
 * the profile and seed (the same conversations as the offline SIM). Latency is measured from the
 * intended send time into an HdrHistogram recorder per event loop, merged each second.
 *
 * <p>The open model dispatches each arrival of the schedule to an idle VU, allocating VUs up to
 * {@code maxVUs}; an arrival no VU can take (within {@code maxWait}, 0 by default as in k6) is a
 * dropped iteration, counted. The closed model keeps the staged VU count, each VU sending its next
 * turn after its answer and a think time. Immutable; {@link #run} may be called repeatedly.
 */
public final class LoadGenerator {
  /** Time for pre-allocated connections to settle before the first arrival. */
  static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final URI target;
  private final SimProfile profile;
  private final long seed;
  private final int eventLoops;
  private final int connectTimeoutMillis;
  private final Consumer<SecondStats> onSecond;
  private final CpuMeter cpu;

  /**
   * Creates a generator.
   *
   * @param target the engine's base URL, e.g. {@code http://127.0.0.1:9000}
   * @param profile the SIM profile the VUs' users come from
   * @param seed the dataset seed (also sent as each request's {@code seed})
   * @throws TestOpsException.InvalidInput when the URL is not {@code http://host:port}
   */
  public LoadGenerator(URI target, SimProfile profile, long seed) {
    this(
        target,
        profile,
        seed,
        Runtime.getRuntime().availableProcessors(),
        10_000,
        s -> {},
        CpuMeter.jmx());
  }

  private LoadGenerator(
      URI target,
      SimProfile profile,
      long seed,
      int eventLoops,
      int connectTimeoutMillis,
      Consumer<SecondStats> onSecond,
      CpuMeter cpu) {
    Objects.requireNonNull(target, "target");
    if (!"http".equals(target.getScheme()) || target.getHost() == null) {
      throw new TestOpsException.InvalidInput(
          "load target must be an http://host:port URL, was " + target);
    }
    this.target = target;
    this.profile = Objects.requireNonNull(profile, "profile");
    this.seed = seed;
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops must be >= 1, was " + eventLoops);
    }
    this.eventLoops = eventLoops;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.onSecond = Objects.requireNonNull(onSecond, "onSecond");
    this.cpu = Objects.requireNonNull(cpu, "cpu");
  }

  /** Returns this generator with another number of event loops (default: one per core). */
  public LoadGenerator withEventLoops(int count) {
    return new LoadGenerator(target, profile, seed, count, connectTimeoutMillis, onSecond, cpu);
  }

  /**
   * Returns this generator telling {@code listener} each second of the series as it closes (on the
   * generator's reporter thread), for a live view; the result holds the same seconds.
   */
  public LoadGenerator withSecondListener(Consumer<SecondStats> listener) {
    return new LoadGenerator(
        target, profile, seed, eventLoops, connectTimeoutMillis, listener, cpu);
  }

  /** Returns this generator reading CPU time from another meter (tests). */
  LoadGenerator withCpuMeter(CpuMeter meter) {
    return new LoadGenerator(
        target, profile, seed, eventLoops, connectTimeoutMillis, onSecond, meter);
  }

  /**
   * Runs the scenario to its end (plus the graceful stop), blocking the calling thread, and
   * evaluates its thresholds. The open model's arrivals are fired by timers on the event loops.
   *
   * @throws TestOpsException.CeilingExceeded when the open-file limit is too low for the VUs,
   *     naming the limit and {@code ulimit -n}
   */
  public LoadResult run(Scenario scenario) {
    return run(scenario, () -> false);
  }

  /**
   * Runs the scenario as {@link #run(Scenario)} does, stopping early when {@code cancelled} says
   * so: it is asked every 10 ms, and once it answers true the arrivals stop, the VUs are closed
   * without the graceful stop, and the result (of what ran) says {@code cancelled}. The warm-up
   * ({@link Scenario#warmupMillis}) runs first; its figures are kept apart in {@link
   * LoadResult#warmup}.
   *
   * @throws TestOpsException.CeilingExceeded when the open-file limit is too low for the VUs
   */
  public LoadResult run(Scenario scenario, java.util.function.BooleanSupplier cancelled) {
    OpenFileLimit.current().ifPresent(limit -> limit.require(scenario.peakVus()));
    int port = target.getPort() > 0 ? target.getPort() : 80;
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            eventLoops, new DefaultThreadFactory("load-io", true), Transport.BEST.ioHandlers());
    try {
      var run =
          new LoadRun(
              scenario,
              new DatasetGenerator(profile, seed),
              seed,
              target.getHost(),
              port,
              group,
              connectTimeoutMillis,
              onSecond,
              cpu,
              cancelled);
      if (scenario.executor().open()) {
        run.driveOpen(LEAD_NANOS);
      } else {
        run.driveClosed();
      }
      Reporter.Totals totals = run.reporter.totals();
      LoadResult.Warmup warmup =
          scenario.warmupMillis() == 0
              ? null
              : new LoadResult.Warmup(
                  scenario.warmupMillis() / 1000.0,
                  scenario.executor().open() ? scenario.warmupRatePerSecond() : 0,
                  scenario.executor().open() ? 0 : scenario.warmupVus(),
                  run.warmupOffered,
                  run.warmupDropped.get(),
                  run.warmupReporter.totals());
      var measured =
          new LoadResult(
              target.toString(),
              scenario,
              scenario.totalDurationMillis() / 1000.0,
              run.offered,
              run.dropped.get(),
              run.interrupted(),
              run.initialVus,
              run.vus.size(),
              totals,
              java.util.List.of(),
              warmup,
              run.generatorCheck(totals.dispatch().getValueAtPercentile(99) / 1000.0),
              run.wasCancelled());
      return LoadResult.evaluate(measured);
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
