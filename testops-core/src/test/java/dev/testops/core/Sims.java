package dev.testops.core;

import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.dataset.SimProfile;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.sim.SimBatch;
import dev.testops.core.sim.SimProgress;
import dev.testops.core.sim.SimSpec;
import dev.testops.core.snapshot.Trigger;
import dev.testops.engine.EngineOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Test support: SIM batches with pinned inputs and a fixed trigger. */
public final class Sims {
  /** A trigger that never changes, so snapshots can be compared byte for byte. */
  public static final Trigger TRIGGER =
      new Trigger(Instant.parse("2026-01-01T00:00:00Z"), "test", "test", "testops sim (test)");

  private Sims() {}

  /** The built-in {@code offline} profile. */
  public static SimProfile offline() {
    return SimConfigLoader.builtIn().profile(Optional.of("offline"));
  }

  /** A spec for the Toron engine on the offline profile. */
  public static SimSpec spec(String runId, int users, long seed) {
    return spec(runId, users, seed, EngineOptions.NONE);
  }

  /** A spec for the Toron engine on the offline profile, with engine options. */
  public static SimSpec spec(String runId, int users, long seed, EngineOptions options) {
    return new SimSpec(
        runId,
        users,
        seed,
        "flag",
        offline(),
        "regression_core",
        EngineRegistry.DEFAULT_ENGINE,
        options.values().containsKey("fault") ? options : options.with("fault", ""));
  }

  /** Runs a SIM batch into the home. */
  public static SimBatch.Outcome run(Path home, SimSpec spec, int threads) {
    return new SimBatch(new ArtifactHome(home), registry(), "test")
        .run(spec, threads, TRIGGER, SimProgress.NONE);
  }

  /** The instant every test run's clock is fixed at. */
  public static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  /**
   * TestOps on a home as the tests build it: a clock fixed at {@link #NOW}, run ids from the given
   * entropy, two worker threads and a stand-in chart script.
   */
  public static TestOps testops(Path home, LongSupplier entropy, String charts) {
    return TestOps.create(
        cfg ->
            cfg.home(home)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .entropy(entropy)
                .nanoTime(System::nanoTime)
                .threads(2)
                .charts(() -> charts));
  }

  /** The engines on the test class path. */
  public static EngineRegistry registry() {
    return EngineRegistry.discover(Path.of("does-not-exist"));
  }
}
