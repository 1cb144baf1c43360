package dev.testops.bench;

import dev.testops.core.dataset.DatasetGenerator;
import dev.testops.core.dataset.SimProfile;
import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The floor SIM is measured against: the same users sent through the engine on the same number of
 * threads, claims fed forward turn by turn, but nothing recorded, hashed, rendered or written.
 */
final class BareLoop {
  /** Users per task, as in the SIM, so both split the work the same way. */
  private static final int CHUNK_USERS = 100;

  private BareLoop() {}

  /**
   * Sends every turn of every user through the engine.
   *
   * @return a checksum of the responses, to be printed so the work cannot be optimised away
   * @throws IllegalStateException when the engine fails a request or the loop is interrupted
   */
  static long run(Engine engine, SimProfile profile, long seed, int users, int threads) {
    var generator = new DatasetGenerator(profile, seed);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> chunks = new ArrayList<>();
      for (int first = 0; first < users; first += CHUNK_USERS) {
        int from = first;
        int to = Math.min(users, first + CHUNK_USERS);
        chunks.add(pool.submit(() -> chunk(engine, generator, seed, from, to)));
      }
      long checksum = 0;
      for (Future<Long> chunk : chunks) {
        checksum += chunk.get();
      }
      return checksum;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("bare loop interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("bare loop failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static long chunk(
      Engine engine, DatasetGenerator generator, long seed, int fromUser, int toUser) {
    long checksum = 0;
    for (int i = fromUser; i < toUser; i++) {
      SyntheticUser user = generator.user(i);
      List<String> claims = new ArrayList<>();
      for (Turn turn : user.turns()) {
        EngineResponse response =
            engine.process(
                new EngineRequest(user.id(), turn.number(), turn.prompt(), claims, seed));
        claims.addAll(response.claims());
        checksum += response.latencyMicros() + response.digest().charAt(0);
      }
    }
    return checksum;
  }
}
