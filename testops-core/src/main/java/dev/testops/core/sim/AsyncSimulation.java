package dev.testops.core.sim;

import dev.testops.core.dataset.DatasetGenerator;
import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.engine.AsyncEngine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * One simulation over an {@link AsyncEngine}: up to {@code maxInFlight} users at once, each with
 * one request in flight, its turns in order (a turn's request carries the claims of the answers
 * before it). Answers complete on the engine's threads, where the next turn is sent at once; a user
 * that finishes frees its slot for the next user, in user order. When every user of a chunk is
 * done, a worker thread writes the chunk from the answers ({@link Simulation#record}, the code the
 * in-process path uses too), and the caller's thread hands the chunks to the sink in chunk order:
 * so neither the answers' arrival order nor the sink's speed reaches the bytes, and the sink never
 * holds up an engine thread.
 */
final class AsyncSimulation {
  // One free slot per request that may still be sent; taken when a user starts, given back when
  // it finishes.
  private final AtomicInteger freeSlots;
  private final AtomicInteger nextUser = new AtomicInteger();
  private final SimSpec spec;
  private final AsyncEngine engine;
  private final DatasetGenerator generator;
  private final RecordsEncoder encoder;
  private final int threads;
  private final ChunkRun[] chunkRuns;
  private final CompletableFuture<Chunk>[] chunks;
  private ExecutorService writers;
  private volatile boolean stopped;

  // Whether this thread is inside fill(): a user that finishes synchronously (an engine that fails
  // at once) then leaves its slot to the loop already running, instead of recursing user by user.
  private static final ThreadLocal<boolean[]> FILLING =
      ThreadLocal.withInitial(() -> new boolean[1]);

  @SuppressWarnings("unchecked")
  AsyncSimulation(
      SimSpec spec,
      AsyncEngine engine,
      DatasetGenerator generator,
      RecordsEncoder encoder,
      int threads,
      int maxInFlight) {
    this.spec = spec;
    this.engine = engine;
    this.generator = generator;
    this.encoder = encoder;
    this.threads = threads;
    this.freeSlots = new AtomicInteger(Math.min(maxInFlight, spec.users()));
    int count = Simulation.chunks(spec);
    this.chunkRuns = new ChunkRun[count];
    this.chunks = new CompletableFuture[count];
    for (int c = 0; c < count; c++) {
      int first = c * Simulation.CHUNK_USERS;
      chunkRuns[c] = new ChunkRun(c, first, Math.min(Simulation.CHUNK_USERS, spec.users() - first));
      chunks[c] = new CompletableFuture<>();
    }
  }

  /** Runs every user; returns once the sink has taken every chunk. */
  void run(ChunkSink sink, SimProgress progress) {
    writers = Executors.newFixedThreadPool(threads, Simulation.workerThreads("sim-writer-"));
    try {
      fill();
      int doneUsers = 0;
      for (int c = 0; c < chunks.length; c++) {
        Chunk chunk = Simulation.await(chunks[c]);
        // Released as soon as handed over: memory holds the chunks not yet taken, not all of them.
        chunks[c] = null;
        chunkRuns[c] = null;
        sink.accept(chunk);
        doneUsers += chunk.users();
        progress.usersDone(doneUsers, spec.users());
      }
    } finally {
      // Answers still in flight (after a failure or a cancel) find the run stopped and do nothing.
      stopped = true;
      writers.shutdownNow();
    }
  }

  /** Starts users while there are free slots and users left; safe from any thread. */
  private void fill() {
    boolean[] filling = FILLING.get();
    if (filling[0]) {
      return; // the loop below, further up this thread's stack, sees the slot and uses it
    }
    filling[0] = true;
    try {
      while (!stopped) {
        int free = freeSlots.get();
        if (free == 0) {
          return;
        }
        if (!freeSlots.compareAndSet(free, free - 1)) {
          continue;
        }
        int index = nextUser.getAndIncrement();
        if (index >= spec.users()) {
          freeSlots.incrementAndGet();
          return;
        }
        start(index);
      }
    } catch (Throwable e) {
      fail(e);
    } finally {
      filling[0] = false;
    }
  }

  private void start(int index) {
    ChunkRun chunk = chunkRuns[index / Simulation.CHUNK_USERS];
    var user = new UserRun(chunk, generator.user(index));
    chunk.users[index - chunk.first] = user;
    user.sendNext();
  }

  /** Ends the run with a failure that is not an engine's answer (a bug, or an unexpected error). */
  private void fail(Throwable failure) {
    stopped = true;
    for (CompletableFuture<Chunk> chunk : chunks) {
      if (chunk != null) {
        chunk.completeExceptionally(failure);
      }
    }
  }

  /** The users of one chunk as they run; written once its last user is done. */
  private final class ChunkRun {
    final int index;
    final int first;
    final UserRun[] users;
    final AtomicInteger running;

    ChunkRun(int index, int first, int count) {
      this.index = index;
      this.first = first;
      this.users = new UserRun[count];
      this.running = new AtomicInteger(count);
    }

    /** A user of the chunk finished; the last one has the chunk written on a worker. */
    void userDone() {
      if (running.decrementAndGet() > 0) {
        return;
      }
      try {
        writers.execute(this::write);
      } catch (RejectedExecutionException stopping) {
        // The run is over (failed or cancelled); nobody waits for this chunk.
      }
    }

    private void write() {
      try {
        Chunk chunk =
            Simulation.record(
                spec,
                encoder,
                index,
                first,
                users.length,
                i -> users[i - first].user,
                (user, turn, claims) -> users[user.index() - first].outcomes[turn.number() - 1]);
        chunks[index].complete(chunk);
      } catch (Throwable e) {
        fail(e);
      }
    }
  }

  /**
   * One user's conversation: sends a turn, and on its answer records the outcome and sends the next
   * turn. Called back on the engine's threads, one turn at a time, so its state needs no lock (each
   * answer happens after the request that caused it).
   */
  private final class UserRun implements BiConsumer<EngineResponse, Throwable> {
    final ChunkRun chunk;
    final SyntheticUser user;
    final Object[] outcomes;
    private final List<String> claims = new ArrayList<>();
    private int turn;

    UserRun(ChunkRun chunk, SyntheticUser user) {
      this.chunk = chunk;
      this.user = user;
      this.outcomes = new Object[user.turns().size()];
    }

    void sendNext() {
      Turn next = user.turns().get(turn);
      var request = new EngineRequest(user.id(), next.number(), next.prompt(), claims, spec.seed());
      CompletionStage<EngineResponse> answer;
      try {
        answer = engine.processAsync(request);
      } catch (EngineException | IllegalArgumentException e) {
        accept(null, e);
        return;
      }
      answer.whenComplete(this);
    }

    /** The answer to the current turn (or its failure). */
    @Override
    public void accept(EngineResponse response, Throwable error) {
      if (stopped) {
        return;
      }
      try {
        if (error != null) {
          Throwable cause =
              error instanceof CompletionException && error.getCause() != null
                  ? error.getCause()
                  : error;
          if (!(cause instanceof EngineException || cause instanceof IllegalArgumentException)) {
            fail(cause);
            return;
          }
          // A failed request is a result, not a crash: recorded as in process.
          outcomes[turn] = new Simulation.Failed(String.valueOf(cause.getMessage()));
        } else {
          outcomes[turn] = response;
          claims.addAll(response.claims());
        }
        turn++;
        if (turn < outcomes.length) {
          sendNext();
          return;
        }
        chunk.userDone();
        freeSlots.incrementAndGet();
        fill();
      } catch (Throwable e) {
        fail(e);
      }
    }
  }
}
