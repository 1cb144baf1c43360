package dev.testops.load;

import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.dataset.SimProfile;
import dev.testops.engine.Digests;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineDescriptor;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.Tier;
import dev.testops.enginehttp.EngineHttpServer;
import dev.testops.enginehttp.EngineServerConfig;
import dev.testops.toron.ToronEngineProvider;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Engines and servers for the generator's loopback tests. */
final class TestEngines {
  private TestEngines() {}

  static SimProfile offline() {
    return SimConfigLoader.builtIn().profile(Optional.of("offline"));
  }

  static Engine toron() {
    return new ToronEngineProvider().create(EngineOptions.NONE);
  }

  static EngineHttpServer serve(Engine engine, int processThreads) {
    return EngineHttpServer.start(
        engine, EngineServerConfig.defaults().withThreads(2, processThreads));
  }

  /**
   * Answers at once, except that the {@code stallAt}-th request (from 1) holds its process thread
   * for {@code stallMillis}; it records when the stall began and ended (System.nanoTime).
   */
  static final class StallingEngine implements Engine {
    private final int stallAt;
    private final long stallMillis;
    private int received;
    volatile long stallStartNanos;
    volatile long stallEndNanos;

    StallingEngine(int stallAt, long stallMillis) {
      this.stallAt = stallAt;
      this.stallMillis = stallMillis;
    }

    @Override
    public EngineDescriptor describe() {
      return new EngineDescriptor("stall-test", "1", new TreeSet<>());
    }

    @Override
    public void ping() {}

    @Override
    public EngineResponse process(EngineRequest request) {
      boolean stall;
      synchronized (this) {
        stall = ++received == stallAt;
      }
      if (stall) {
        stallStartNanos = System.nanoTime();
        long end = stallStartNanos + TimeUnit.MILLISECONDS.toNanos(stallMillis);
        while (System.nanoTime() < end) {
          LockSupport.parkNanos(end - System.nanoTime());
        }
        stallEndNanos = System.nanoTime();
      }
      return answer(request);
    }
  }

  /** Sleeps a fixed time per request (a slow engine with a bounded process pool). */
  static final class SlowEngine implements Engine {
    private final long millis;

    SlowEngine(long millis) {
      this.millis = millis;
    }

    @Override
    public EngineDescriptor describe() {
      return new EngineDescriptor("slow-test", "1", new TreeSet<>());
    }

    @Override
    public void ping() {}

    @Override
    public EngineResponse process(EngineRequest request) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
      return answer(request);
    }
  }

  static EngineResponse answer(EngineRequest request) {
    String answer = "turn " + request.turn() + " of " + request.userId();
    return new EngineResponse(
        Tier.T1, false, 0, 0.5, 0, answer, Digests.sha256Hex(answer), List.of());
  }
}
