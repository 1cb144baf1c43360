package dev.testops.core.sim;

import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.dataset.DatasetGenerator;
import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the synthetic users of a {@link SimSpec} through an engine, on a fixed number of threads,
 * and hands the chunks to a sink in order. The bytes handed over do not depend on the thread count:
 * a chunk's content depends only on the spec and its user range.
 */
public final class Simulation {
  /** Users per chunk: fixed, so the split never depends on the machine. */
  static final int CHUNK_USERS = 100;

  private Simulation() {}

  /**
   * Simulates every user of the spec.
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
    int chunks = (spec.users() + CHUNK_USERS - 1) / CHUNK_USERS;
    // Keep a bounded window of chunks in flight so memory stays flat however many users run.
    int window = threads * 2;
    ExecutorService pool = Executors.newFixedThreadPool(threads, workerThreads());
    try {
      Deque<Future<Chunk>> inFlight = new ArrayDeque<>();
      int next = 0;
      int doneUsers = 0;
      while (next < chunks && inFlight.size() < window) {
        inFlight.add(submit(pool, spec, engine, generator, next++));
      }
      while (!inFlight.isEmpty()) {
        Chunk chunk = await(inFlight.poll());
        if (next < chunks) {
          inFlight.add(submit(pool, spec, engine, generator, next++));
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
      ExecutorService pool, SimSpec spec, Engine engine, DatasetGenerator generator, int index) {
    int first = index * CHUNK_USERS;
    int count = Math.min(CHUNK_USERS, spec.users() - first);
    return pool.submit(() -> simulate(spec, engine, generator, index, first, count));
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

  static Chunk simulate(
      SimSpec spec, Engine engine, DatasetGenerator generator, int index, int first, int count) {
    var records = new ByteArrayOutputStream(count * spec.profile().turnsPerUser() * 400);
    var dataset = new ByteArrayOutputStream(count * 600);
    var metrics = new SimMetrics();
    for (int i = first; i < first + count; i++) {
      SyntheticUser user = generator.user(i);
      writeLine(dataset, CanonicalJson.line(datasetLine(user)));
      metrics.addUser(user.persona());
      List<String> claims = new ArrayList<>();
      long clockMillis = user.arrivalMillis();
      for (Turn turn : user.turns()) {
        clockMillis += turn.thinkTimeMillis();
        var request =
            new EngineRequest(user.id(), turn.number(), turn.prompt(), claims, spec.seed());
        ObjectNode record = CanonicalJson.object();
        record.put("user", user.id());
        record.put("persona", user.persona().wireName());
        record.put("turn", turn.number());
        try {
          EngineResponse response = engine.process(request);
          fill(record, response);
          metrics.addResponse(user.persona(), response, clockMillis);
          claims.addAll(response.claims());
          clockMillis += response.latencyMicros() / 1000;
        } catch (EngineException | IllegalArgumentException e) {
          // A failed request is a result, not a crash: it is recorded and counted.
          record.put("status", "error");
          record.put("error", String.valueOf(e.getMessage()));
          metrics.addError(user.persona());
        }
        writeLine(records, CanonicalJson.line(record));
      }
    }
    return new Chunk(index, first, count, records.toByteArray(), dataset.toByteArray(), metrics);
  }

  private static void fill(ObjectNode record, EngineResponse response) {
    record.put("status", "ok");
    record.put("tier", response.tier().name());
    record.put("escalated", response.escalated());
    record.put("contradictions", response.contradictions());
    record.put("confidence", CanonicalJson.decimal(response.confidence()));
    record.put("latency_us", response.latencyMicros());
    record.put("answer", response.answer());
    record.put("digest", response.digest());
    ArrayNode claims = record.putArray("claims");
    response.claims().forEach(claims::add);
  }

  private static ObjectNode datasetLine(SyntheticUser user) {
    ObjectNode line = CanonicalJson.object();
    line.put("user", user.id());
    line.put("persona", user.persona().wireName());
    line.put("arrival_ms", user.arrivalMillis());
    ArrayNode turns = line.putArray("turns");
    for (Turn turn : user.turns()) {
      ObjectNode t = turns.addObject();
      t.put("n", turn.number());
      t.put("prompt", turn.prompt());
      t.put("think_ms", turn.thinkTimeMillis());
    }
    return line;
  }

  private static void writeLine(ByteArrayOutputStream out, String line) {
    out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
    out.write('\n');
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
