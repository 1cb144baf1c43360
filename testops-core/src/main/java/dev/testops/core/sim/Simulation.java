package dev.testops.core.sim;

import dev.testops.core.TestOpsException;
import dev.testops.core.dataset.DatasetGenerator;
import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.engine.AsyncEngine;
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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs the synthetic users of a {@link SimSpec} through an engine, on a fixed number of threads
 * (or, for an {@link AsyncEngine}, with many requests in flight), and hands the chunks to a sink in
 * order. The bytes handed over do not depend on the thread count, the in-flight limit or the order
 * in which answers arrive: a chunk's content depends only on the spec and its user range.
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

  /**
   * Requests an {@link AsyncEngine} may have in flight at once when the caller does not say: the
   * user ceiling, so that every user of the largest batch can be waiting at once and the engine's
   * latency, not TestOps, sets the pace.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

  /** The largest in-flight limit accepted: one request per user of the largest batch. */
  public static final int MAX_IN_FLIGHT = 10_000;

  private Simulation() {}

  /**
   * Simulates every user of the spec with at most {@link #DEFAULT_MAX_IN_FLIGHT} requests in flight
   * (see {@link #run(SimSpec, Engine, int, int, ChunkSink, SimProgress)}).
   *
   * @param threads worker threads, at least 1 (typically the number of cores)
   * @throws TestOpsException when the sink fails or the run is interrupted
   */
  public static void run(
      SimSpec spec, Engine engine, int threads, ChunkSink sink, SimProgress progress) {
    run(spec, engine, threads, DEFAULT_MAX_IN_FLIGHT, sink, progress);
  }

  /**
   * Simulates every user of the spec. When the sink is also a {@link RecordsEncoder}, each chunk's
   * records are encoded on a worker thread.
   *
   * <p>An engine that is an {@link AsyncEngine} (an engine over HTTP) is driven with up to {@code
   * maxInFlight} requests in flight: users run concurrently, each user's turns one after another (a
   * turn needs the claims of the turns before it), and a new user starts as soon as one finishes,
   * in user order. Any other engine is called on the worker threads, one request per thread at a
   * time. Either way the chunks, and so every byte written from them, are the same.
   *
   * @param threads worker threads, at least 1 (typically the number of cores)
   * @param maxInFlight the most requests in flight at once to an {@link AsyncEngine}, in [1,
   *     {@value #MAX_IN_FLIGHT}]; other engines have at most {@code threads} in flight
   * @throws TestOpsException when the sink fails or the run is interrupted
   * @throws TestOpsException.InvalidInput when {@code threads} or {@code maxInFlight} is out of
   *     range
   */
  public static void run(
      SimSpec spec,
      Engine engine,
      int threads,
      int maxInFlight,
      ChunkSink sink,
      SimProgress progress) {
    if (threads < 1) {
      throw new TestOpsException.InvalidInput("threads must be at least 1, was " + threads);
    }
    requireMaxInFlight(maxInFlight);
    var generator = new DatasetGenerator(spec.profile(), spec.seed());
    RecordsEncoder encoder = sink instanceof RecordsEncoder e ? e : null;
    if (engine instanceof AsyncEngine async) {
      new AsyncSimulation(spec, async, generator, encoder, threads, maxInFlight)
          .run(sink, progress);
      return;
    }
    int chunks = chunks(spec);
    int window = threads * WINDOW_PER_THREAD;
    ExecutorService pool = Executors.newFixedThreadPool(threads, workerThreads("sim-worker-"));
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

  /**
   * Checks an in-flight limit.
   *
   * @throws TestOpsException.InvalidInput naming the bounds when it is out of range
   */
  public static int requireMaxInFlight(int maxInFlight) {
    if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT) {
      throw new TestOpsException.InvalidInput(
          "max in flight must be in [1, " + MAX_IN_FLIGHT + "], was " + maxInFlight);
    }
    return maxInFlight;
  }

  /** The number of chunks the spec's users are cut into. */
  static int chunks(SimSpec spec) {
    return (spec.users() + CHUNK_USERS - 1) / CHUNK_USERS;
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

  /** Waits for a chunk; its failure is rethrown as it was (a runtime exception) or wrapped. */
  static Chunk await(Future<Chunk> future) {
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
   * Simulates users {@code first} to {@code first + count - 1}, calling the engine on this thread;
   * depends on nothing else.
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
    return record(
        spec,
        encoder,
        index,
        first,
        count,
        generator::user,
        (user, turn, claims) -> {
          var request =
              new EngineRequest(user.id(), turn.number(), turn.prompt(), claims, spec.seed());
          try {
            return engine.process(request);
          } catch (EngineException | IllegalArgumentException e) {
            // A failed request is a result, not a crash: it is recorded and counted.
            return new Failed(String.valueOf(e.getMessage()));
          }
        });
  }

  /** A turn the engine failed, with the message it failed with. */
  record Failed(String message) {}

  /** Where a chunk's turns get their outcomes: the engine itself, or answers already in. */
  @FunctionalInterface
  interface Outcomes {
    /**
     * The outcome of the user's turn: an {@link EngineResponse}, or {@link Failed}.
     *
     * @param priorClaims the claims of the user's earlier answered turns, oldest first
     */
    Object of(SyntheticUser user, Turn turn, List<String> priorClaims);
  }

  /**
   * Writes the chunk of users {@code first} to {@code first + count - 1} from their turns'
   * outcomes, in user then turn order: the one place records, dataset lines and metric events are
   * made, whichever way the engine was driven.
   */
  static Chunk record(
      SimSpec spec,
      RecordsEncoder encoder,
      int index,
      int first,
      int count,
      IntFunction<SyntheticUser> users,
      Outcomes outcomes) {
    int turns = spec.profile().turnsPerUser();
    var lines = new ChunkLines(count, turns);
    var metrics = new ChunkMetrics(count * turns);
    for (int i = first; i < first + count; i++) {
      SyntheticUser user = users.apply(i);
      lines.user(user);
      metrics.addUser(user.persona());
      List<String> claims = new ArrayList<>();
      long clockMillis = user.arrivalMillis();
      for (Turn turn : user.turns()) {
        clockMillis += turn.thinkTimeMillis();
        Object outcome = outcomes.of(user, turn, claims);
        if (outcome instanceof Failed failed) {
          lines.error(user, turn, failed.message());
          metrics.addError(user.persona(), turn.number());
          continue;
        }
        EngineResponse response = (EngineResponse) outcome;
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

  static ThreadFactory workerThreads(String prefix) {
    var counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
