package dev.testops.bench;

import dev.testops.core.TestOpsVersion;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.dataset.SimProfile;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.replay.Replay;
import dev.testops.core.sim.SimBatch;
import dev.testops.core.sim.SimProgress;
import dev.testops.core.sim.SimSpec;
import dev.testops.core.snapshot.SnapshotFormat;
import dev.testops.core.snapshot.Trigger;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Benchmarks the SIM batch: prints each round's timings, then a table of the figures against their
 * goals and a final line of JSON. A missed goal is reported, not an error: the exit code is 0
 * unless something crashed (2 for bad arguments).
 *
 * <p>Each round runs, in this order: a large SIM batch (snapshot and records written), a replay of
 * that snapshot, the bare engine loop over the same users, and a small SIM batch. Interleaving them
 * puts the same machine noise on both sides of each ratio.
 */
public final class SimBench {
  private static final String PROFILE = "offline";

  private final BenchOptions options;
  private final PrintStream out;
  private final SimProfile profile = SimConfigLoader.builtIn().profile(Optional.of(PROFILE));
  private final EngineRegistry engines;
  private final SimBatch batch;
  private final Replay replay;

  private SimBench(BenchOptions options, ArtifactHome home, PrintStream out) {
    this.options = options;
    this.out = out;
    this.engines = EngineRegistry.discover(home.engines());
    this.batch = new SimBatch(home, engines, TestOpsVersion.get(), options.codec());
    this.replay = new Replay(engines);
  }

  /**
   * Runs the benchmark in a temporary home, deleted at the end.
   *
   * @param args {@code --users-large N --users-small N --warmup N --iterations N --threads N --seed
   *     N}, all optional
   */
  public static void main(String[] args) throws IOException {
    if (List.of(args).contains("--help")) {
      System.out.println(BenchOptions.USAGE);
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("sim-bench: " + e.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    Path home = Files.createTempDirectory("testops-bench-");
    try {
      BenchResult result = new SimBench(options, new ArtifactHome(home), System.out).measure();
      new BenchReport(options, result).print(System.out);
    } finally {
      deleteTree(home);
    }
  }

  private BenchResult measure() {
    out.printf(
        Locale.ROOT,
        "SIM benchmark: %d and %d users x %d turns (profile %s), %d threads, %d warm-up + %d"
            + " measured rounds, records %s, max heap %d MiB, Java %s%n",
        options.usersLarge(),
        options.usersSmall(),
        profile.turnsPerUser(),
        profile.name(),
        options.threads(),
        options.warmups(),
        options.iterations(),
        options.codec().format(),
        JvmGauges.maxHeapBytes() >> 20,
        Runtime.version());
    var result = new BenchResult(profile.turnsPerUser());
    for (int i = 0; i < options.warmups() + options.iterations(); i++) {
      boolean measured = i >= options.warmups();
      Round round = round(i);
      out.printf(
          Locale.ROOT,
          "%-10s SIM %d: %5d ms (peak heap %3d MiB)  replay: %5d ms (score %s)  bare loop: %5d ms"
              + " (checksum %x)  SIM %d: %4d ms%n",
          measured ? "round " + (i - options.warmups() + 1) : "warm-up " + (i + 1),
          options.usersLarge(),
          millis(round.simLarge()),
          round.peakHeapBytes() >> 20,
          millis(round.replayLarge()),
          round.determinismScore(),
          millis(round.bareLarge()),
          round.checksum(),
          options.usersSmall(),
          millis(round.simSmall()));
      out.flush();
      if (i == 0) {
        result.coldSimLarge = round.simLarge();
      }
      if (measured) {
        result.simLarge.add(round.simLarge());
        result.replayLarge.add(round.replayLarge());
        result.bareLarge.add(round.bareLarge());
        result.simSmall.add(round.simSmall());
        result.peakHeapBytes = Math.max(result.peakHeapBytes, round.peakHeapBytes());
        result.determinismScores.add(round.determinismScore());
      }
    }
    return result;
  }

  /** The timings of one round; the checksum is printed so the bare loop cannot be elided. */
  private record Round(
      Samples.Timing simLarge,
      long peakHeapBytes,
      Samples.Timing replayLarge,
      String determinismScore,
      Samples.Timing bareLarge,
      long checksum,
      Samples.Timing simSmall) {}

  private Round round(int index) {
    Timed<SimBatch.Outcome> large = time(() -> sim("large", index, options.usersLarge()));
    long peakHeapBytes = JvmGauges.peakHeapBytes();
    Timed<JsonNode> determinism =
        time(
            () ->
                replay.run(
                    SnapshotFormat.read(large.value().snapshot()),
                    new Replay.Options(
                        Optional.empty(),
                        EngineOptions.NONE,
                        Replay.DEFAULT_FLOOR,
                        Replay.DEFAULT_SHOWN_DIVERGENCES,
                        options.threads()),
                    SimProgress.NONE));
    Timed<Long> bare = time(this::bareLoop);
    Timed<SimBatch.Outcome> small = time(() -> sim("small", index, options.usersSmall()));
    delete(large.value());
    delete(small.value());
    return new Round(
        large.timing(),
        peakHeapBytes,
        determinism.timing(),
        determinism.value().path("determinism_score").decimalValue().toPlainString(),
        bare.timing(),
        bare.value(),
        small.timing());
  }

  private SimBatch.Outcome sim(String size, int round, int users) {
    var spec =
        new SimSpec(
            "bench-" + round + "-" + size,
            users,
            options.seed(),
            "flag",
            profile,
            "bench",
            EngineRegistry.DEFAULT_ENGINE,
            EngineOptions.NONE);
    var trigger = new Trigger(Instant.now(), "sim-bench", "cli", "sim-bench");
    return batch.run(spec, options.threads(), trigger, SimProgress.NONE);
  }

  private long bareLoop() {
    // Opened inside the timed step, as SimBatch opens its engine inside its own.
    try (Engine engine = engines.open(EngineRegistry.DEFAULT_ENGINE, EngineOptions.NONE)) {
      return BareLoop.run(engine, profile, options.seed(), options.usersLarge(), options.threads());
    }
  }

  private record Timed<T>(T value, Samples.Timing timing) {}

  /**
   * Times one step. Collects the previous step's garbage first, so that it is neither charged to
   * this step's time (as a collection it did not cause) nor counted in its peak heap.
   */
  private static <T> Timed<T> time(Supplier<T> step) {
    System.gc();
    JvmGauges.resetPeakHeap();
    long cpuStart = JvmGauges.processCpuNanos();
    long wallStart = System.nanoTime();
    T value = step.get();
    long wallNanos = System.nanoTime() - wallStart;
    return new Timed<>(
        value, new Samples.Timing(wallNanos, JvmGauges.processCpuNanos() - cpuStart));
  }

  private static long millis(Samples.Timing timing) {
    return Math.round(timing.wallNanos() / 1e6);
  }

  /** Deletes a round's files (untimed) so the home does not grow with the rounds. */
  private static void delete(SimBatch.Outcome outcome) {
    try {
      Files.deleteIfExists(outcome.snapshot());
      Files.deleteIfExists(outcome.records());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
