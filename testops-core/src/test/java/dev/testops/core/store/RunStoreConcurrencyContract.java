package dev.testops.core.store;

import static dev.testops.core.store.StoreFixtures.at;
import static dev.testops.core.store.StoreFixtures.key;
import static dev.testops.core.store.StoreFixtures.queued;
import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.run.Run;
import dev.testops.core.run.RunStatus;
import dev.testops.core.run.RunStore;
import dev.testops.core.run.RunStore.Created;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store contract under concurrency: threads share one store and a second store on the same
 * database (as a second process or replica would), and start together.
 */
public abstract class RunStoreConcurrencyContract {

  /** The store under test. */
  protected abstract RunStore store();

  /** Another store on the same database. */
  protected abstract RunStore secondStore();

  @Test
  @Timeout(60)
  void create_withOneKeyFromEightThreads_makesOneRun_andSevenFindIt() throws Exception {
    List<Created> results =
        runTogether(
            8,
            (i, s) -> () -> s.create(queued("r" + i, i), key("shared", "h", "r" + i, i), at(-1)));

    List<Created> made = results.stream().filter(c -> !c.existing()).toList();
    assertThat(made).hasSize(1);
    assertThat(results).filteredOn(Created::existing).hasSize(7);
    assertThat(results).extracting(c -> c.run().id()).containsOnly(made.get(0).run().id());
    assertThat(store().count(Optional.empty())).isEqualTo(1);
  }

  @Test
  @Timeout(60)
  void claimNextQueued_fromFourThreads_claimsEachOfTwentyRunsExactlyOnce() throws Exception {
    List<String> ids = IntStream.range(0, 20).mapToObj(i -> "q" + (100 + i)).toList();
    for (int i = 0; i < ids.size(); i++) {
      store().create(queued(ids.get(i), i), Optional.empty(), at(0));
    }
    ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();

    runTogether(
        4,
        (i, s) ->
            () -> {
              Optional<Run> run;
              while ((run = s.claimNextQueued(at(1000 + i))).isPresent()) {
                claimed.add(run.get().id());
              }
              return null;
            });

    assertThat(claimed).hasSize(20).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(store().count(Optional.of(RunStatus.RUNNING))).isEqualTo(20);
    assertThat(store().count(Optional.of(RunStatus.QUEUED))).isZero();
  }

  /** Work for thread {@code i} on store {@code s}. */
  private interface Task<T> {
    Callable<T> on(int i, RunStore s);
  }

  /** Runs the tasks at once, half on each store, and returns their results in thread order. */
  private <T> List<T> runTogether(int threads, Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (RunStore second = secondStore()) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<T> work = task.on(i, i % 2 == 0 ? store() : second);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return work.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
