package dev.testops.bench;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.load.LoadGenerator;
import dev.testops.load.LoadResult;
import dev.testops.load.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the built-in load generator once against a served engine, in its own JVM, and prints one
 * JSON line of what it cost: the generator process's CPU time over the measured run (all its
 * threads, GC and JIT included, from {@code OperatingSystemMXBean.getProcessCpuTime()} read just
 * before and just after {@link LoadGenerator#run}), requests completed, schedule lag, heap per VU
 * and threads. An optional warm-up of the same scenario (two runs, three quarters and a quarter of
 * the time) comes first and is not counted; its first run's schedule lag is reported as the cold
 * figure. Driven by {@code bench/load-vs-wrk} (closed model) and {@code bench/load-10k} (open
 * model).
 *
 * <p>Exit codes: 0 whenever the run finished (goals are judged by the scripts), 2 for bad options,
 * 1 when the run crashed.
 */
public final class LoadBench {
  private LoadBench() {}

  /** Parses the options, runs, prints the JSON line. */
  public static void main(String[] args) throws InterruptedException {
    LoadBenchOptions options;
    try {
      options = LoadBenchOptions.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("LoadBench: " + e.getMessage());
      System.err.println(LoadBenchOptions.USAGE);
      System.exit(2);
      return;
    }
    System.out.println(CanonicalJson.line(run(options)));
  }

  private static ObjectNode run(LoadBenchOptions o) throws InterruptedException {
    var profile = SimConfigLoader.builtIn().profile(Optional.empty());
    var generator = new LoadGenerator(o.target(), profile, o.seed()).withEventLoops(o.eventLoops());
    long warmupCpuNanos = 0;
    JsonNode warmupLag = null;
    LoadProbe.Figures heapFigures = null;
    if (o.warmupSeconds() > 0) {
      long before = JvmGauges.processCpuNanos();
      // Two runs, not one: the end of a run takes paths (stopping, closing) that the JIT left out
      // of the compiled hot code, which is deoptimized there and compiled again as the next run
      // starts. The second warm-up run absorbs that, so the measured run starts on stable code.
      int first = Math.max(1, o.warmupSeconds() - o.warmupSeconds() / 4);
      LoadResult cold = generator.run(scenario(o, first));
      if (o.warmupSeconds() > first) {
        int second = o.warmupSeconds() - first;
        // The open model's heap per VU is taken in this run, with every VU connected as in the
        // measured one: the probe may force a full collection, a pause of every thread that would
        // otherwise fall inside the measured window.
        var heapProbe =
            o.open() ? LoadProbe.start(o.vus(), TimeUnit.SECONDS.toNanos(second), true) : null;
        generator.run(scenario(o, second));
        if (heapProbe != null) {
          heapFigures = heapProbe.stop();
        }
      }
      warmupCpuNanos = JvmGauges.processCpuNanos() - before;
      // The cold generator's figure, kept so the report can show it beside the measured one.
      warmupLag = cold.toJson().path("schedule_lag");
    }
    Scenario scenario = scenario(o, o.durationSeconds());
    // Heap per VU is a goal of the open-model run only (the closed runs measure CPU), watched here
    // only when no warm-up run could take it.
    var probe =
        LoadProbe.start(
            o.vus(),
            TimeUnit.SECONDS.toNanos(o.durationSeconds()),
            o.open() && heapFigures == null);
    long[] ticksBefore = userAndSystemTicks();
    long cpuBefore = JvmGauges.processCpuNanos();
    long wallBefore = System.nanoTime();
    LoadResult result = generator.run(scenario);
    long wallNanos = System.nanoTime() - wallBefore;
    long cpuNanos = JvmGauges.processCpuNanos() - cpuBefore;
    long[] ticksAfter = userAndSystemTicks();
    LoadProbe.Figures figures = probe.stop();
    if (heapFigures != null) {
      figures = figures.withHeapOf(heapFigures);
    }
    ObjectNode out = report(o, result, cpuNanos, wallNanos, warmupCpuNanos, figures);
    if (warmupLag != null) {
      out.set("warmup_lag_p50_ms", warmupLag.path("med"));
      out.set("warmup_lag_p99_ms", warmupLag.path("p(99)"));
      out.set("warmup_lag_max_ms", warmupLag.path("max"));
    }
    out.put("transport", transport());
    out.put("heap_probed_in", heapFigures != null ? "second warm-up run" : "measured run");
    // The kernel's split of the same interval, in clock ticks (USER_HZ, 100 on Linux).
    out.put("cpu_user_s", CanonicalJson.decimal((ticksAfter[0] - ticksBefore[0]) / 100.0));
    out.put("cpu_sys_s", CanonicalJson.decimal((ticksAfter[1] - ticksBefore[1]) / 100.0));
    return out;
  }

  /**
   * The generator's I/O transport: {@code epoll} when Netty's native epoll transport is on the
   * class path and loads here (the generator then uses it), else {@code nio}.
   */
  private static String transport() {
    try {
      Object available =
          Class.forName("io.netty.channel.epoll.Epoll").getMethod("isAvailable").invoke(null);
      return Boolean.TRUE.equals(available) ? "epoll" : "nio";
    } catch (ReflectiveOperationException | LinkageError e) {
      return "nio";
    }
  }

  /** This process's user and system CPU time in clock ticks ({@code /proc/self/stat}), or 0s. */
  private static long[] userAndSystemTicks() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // Fields after the command name (which may hold spaces): state is 3, utime 14, stime 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** The measured scenario: k6's defaults except the model, VUs, rate and duration. */
  static Scenario scenario(LoadBenchOptions o, int seconds) {
    long millis = TimeUnit.SECONDS.toMillis(seconds);
    return o.open()
        ? Scenario.constantArrivalRate("load-bench", o.ratePerSecond(), millis, o.vus(), o.vus())
        : Scenario.constantVus("load-bench", o.vus(), millis).withThinkTimeMillis(0);
  }

  private static ObjectNode report(
      LoadBenchOptions o,
      LoadResult result,
      long cpuNanos,
      long wallNanos,
      long warmupCpuNanos,
      LoadProbe.Figures f) {
    JsonNode summary = result.toJson();
    long requests = result.iterations();
    long ok = summary.path("metrics").path("checks").path("passes").asLong(0);
    long failed = summary.path("metrics").path("http_req_failed").path("passes").asLong(0);
    double cpuSeconds = cpuNanos / 1e9;
    ObjectNode out = CanonicalJson.object();
    out.put("tool", "testops-load");
    out.put("executor", o.executor());
    out.put("vus", o.vus());
    out.put("event_loops", o.eventLoops());
    out.put("duration_s", o.durationSeconds());
    out.put("warmup_s", o.warmupSeconds());
    if (o.open()) {
      // Closed-model "offered" counts VUs started, so the ratio means something only here.
      out.put("rate", CanonicalJson.decimal(o.ratePerSecond()));
      out.put("achieved_over_offered", CanonicalJson.ratio(ok, result.offered()));
    }
    out.put("wall_s", CanonicalJson.decimal(wallNanos / 1e9));
    out.put("cpu_s", CanonicalJson.decimal(cpuSeconds));
    out.put("warmup_cpu_s", CanonicalJson.decimal(warmupCpuNanos / 1e9));
    out.put("whole_jvm_cpu_s", CanonicalJson.decimal(JvmGauges.processCpuNanos() / 1e9));
    out.put("offered", result.offered());
    out.put("requests", requests);
    out.put("ok", ok);
    out.put("failed", failed);
    out.put("dropped", result.dropped());
    out.put("interrupted", result.interrupted());
    out.put("req_per_s", CanonicalJson.decimal(result.achievedRate()));
    out.put("ok_per_cpu_s", CanonicalJson.decimal(cpuSeconds > 0 ? ok / cpuSeconds : 0));
    out.set("latency_p99_ms", summary.path("metrics").path("http_req_duration").path("p(99)"));
    out.set("service_p50_ms", summary.path("service_time").path("med"));
    out.set("service_avg_ms", summary.path("service_time").path("avg"));
    out.set("lag_p50_ms", summary.path("schedule_lag").path("med"));
    out.set("lag_p99_ms", summary.path("schedule_lag").path("p(99)"));
    out.set("lag_max_ms", summary.path("schedule_lag").path("max"));
    out.put("vus_max", result.maxVus());
    out.put("heap_baseline_bytes", f.baselineHeapBytes());
    out.put("heap_after_gc_bytes", f.heapAfterGcBytes());
    out.put("heap_per_vu_bytes", CanonicalJson.decimal(f.heapPerVuBytes(o.vus())));
    out.put("gcs_while_connected", f.gcsWhileConnected());
    out.put("forced_gc", f.forcedGc());
    out.put("max_java_threads", f.maxJavaThreads());
    out.put("max_os_threads", f.maxOsThreads());
    out.put("max_fds_over_baseline", f.maxFdsOverBaseline());
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.set("errors", summary.path("errors"));
    return out;
  }
}
