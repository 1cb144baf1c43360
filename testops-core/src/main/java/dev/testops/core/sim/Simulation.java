package dev.testops.core.sim;

import dev.testops.core.TestOpsException;
import dev.testops.core.dataset.DatasetGenerator;
import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the synthetic users of a {@link SimSpec} through an engine, on a fixed number of threads,
 * and hands the chunks to a sink in order. The bytes handed over do not depend on the thread count:
 * a chunk's content depends only on the spec and its user range.
 */
public final class Simulation {
  /** Users per chunk: fixed, so the split never depends on the machine. */
  static final int CHUNK_USERS = 100;

  /**
   * Chunks in flight per worker thread. The sink consumes chunks in order, so a slow chunk at the
   * head stalls the hand-over; a few chunks of slack per worker keep the workers busy meanwhile,
   * and at a few hundred KiB per chunk the window still keeps memory flat.
   */
  static final int WINDOW_PER_THREAD = 4;

  private Simulation() {}

  /**
   * Simulates every user of the spec. When the sink is also a {@link RecordsEncoder}, each chunk's
   * records are encoded on the worker thread that made them.
   *
   * @param threads worker threads, at least 1 (typically the number of cores)
   * @throws TestOpsException when the sink fails or the run is interrupted
   */
  public static void run(
      SimSpec spec, Engine engine, int threads, ChunkSink sink, SimProgress progress) {
    if (threads < 1) {
      throw new TestOpsException.InvalidInput("threads must be at least 1, was " + threads);
    }
    var generator = new DatasetGenerator(spec.profile(), spec.seed());
    RecordsEncoder encoder = sink instanceof RecordsEncoder e ? e : null;
    int chunks = (spec.users() + CHUNK_USERS - 1) / CHUNK_USERS;
    int window = threads * WINDOW_PER_THREAD;
    ExecutorService pool = Executors.newFixedThreadPool(threads, workerThreads());
    try {
      Deque<Future<Chunk>> inFlight = new ArrayDeque<>();
      int next = 0;
      int doneUsers = 0;
      while (next < chunks && inFlight.size() < window) {
        inFlight.add(submit(pool, spec, engine, generator, encoder, next++));
      }
      while (!inFlight.isEmpty()) {
        Chunk chunk = await(inFlight.poll());
        if (next < chunks) {
          inFlight.add(submit(pool, spec, engine, generator, encoder, next++));
        }
        sink.accept(chunk);
        doneUsers += chunk.users();
        progress.usersDone(doneUsers, spec.users());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Future<Chunk> submit(
      ExecutorService pool,
      SimSpec spec,
      Engine engine,
      DatasetGenerator generator,
      RecordsEncoder encoder,
      int index) {
    int first = index * CHUNK_USERS;
    int count = Math.min(CHUNK_USERS, spec.users() - first);
    return pool.submit(() -> simulate(spec, engine, generator, encoder, index, first, count));
  }

  private static Chunk await(Future<Chunk> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TestOpsException("simulation interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new TestOpsException("simulation failed: " + cause, cause);
    }
  }

  /**
   * Simulates users {@code first} to {@code first + count - 1}; depends on nothing else.
   *
   * @param encoder encodes the records on this thread, or {@code null} for none
   */
  static Chunk simulate(
      SimSpec spec,
      Engine engine,
      DatasetGenerator generator,
      RecordsEncoder encoder,
      int index,
      int first,
      int count) {
    int turns = spec.profile().turnsPerUser();
    var lines = new ChunkLines(count, turns);
    var metrics = new ChunkMetrics(count * turns);
    for (int i = first; i < first + count; i++) {
      SyntheticUser user = generator.user(i);
      lines.user(user);
      metrics.addUser(user.persona());
      List<String> claims = new ArrayList<>();
      long clockMillis = user.arrivalMillis();
      for (Turn turn : user.turns()) {
        clockMillis += turn.thinkTimeMillis();
        var request =
            new EngineRequest(user.id(), turn.number(), turn.prompt(), claims, spec.seed());
        EngineResponse response;
        try {
          response = engine.process(request);
        } catch (EngineException | IllegalArgumentException e) {
          // A failed request is a result, not a crash: it is recorded and counted.
          lines.error(user, turn, String.valueOf(e.getMessage()));
          metrics.addError(user.persona(), turn.number());
          continue;
        }
        lines.response(user, turn, response);
        metrics.addResponse(user.persona(), turn.number(), response, clockMillis);
        claims.addAll(response.claims());
        clockMillis += response.latencyMicros() / 1000;
      }
    }
    byte[] records = lines.records();
    byte[] encoded = encoder == null ? null : encoder.encodeRecords(records);
    return new Chunk(
        index, first, count, records, lines.recordCount(), lines.dataset(), metrics, encoded);
  }

  private static java.util.concurrent.ThreadFactory workerThreads() {
    var counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "sim-worker-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
