package dev.testops.core.engines;

import dev.testops.core.dataset.DatasetGenerator;
import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Sends the dataset probes, each to both instances, and counts what went wrong. The users'
 * conversations go out side by side ({@value EngineCheck#PARALLEL_USERS} at a time: over HTTP each
 * request waits on the engine's latency, and 456 of them one after another would take minutes),
 * each user's turns in order; the counts and the first problem (by probe order) do not depend on
 * the timing.
 */
final class EngineCheckProbes {
  private final LongSupplier nanoTime;
  private final Engine engine;
  private final Engine twin;
  private final EngineCheck.Probes probes;
  private final BooleanSupplier cancelled;
  private final IntConsumer probesSent;
  private final AtomicInteger sent = new AtomicInteger();

  EngineCheckProbes(
      LongSupplier nanoTime,
      Engine engine,
      Engine twin,
      EngineCheck.Probes probes,
      BooleanSupplier cancelled,
      IntConsumer probesSent) {
    this.nanoTime = nanoTime;
    this.engine = engine;
    this.twin = twin;
    this.probes = probes;
    this.cancelled = cancelled;
    this.probesSent = probesSent;
  }

  /** One user's share of the probes: its first {@code turns} turns, from probe {@code first}. */
  private record Conversation(SyntheticUser user, int first, int turns) {}

  /** What one conversation found; the first problem is the one of its earliest probe. */
  private record Found(int errors, int nondeterministic, int problemAt, String problem) {}

  EngineCheck.ProbeCounts run(List<EngineCheck.Step> steps) {
    long start = nanoTime.getAsLong();
    var generator = new DatasetGenerator(probes.profile(), probes.seed());
    List<Conversation> conversations = new ArrayList<>();
    for (int index = 0, planned = 0; planned < probes.count(); index++) {
      SyntheticUser user = generator.user(index);
      int turns = Math.min(user.turns().size(), probes.count() - planned);
      conversations.add(new Conversation(user, planned, turns));
      planned += turns;
    }
    List<Found> found = sendAll(conversations);
    int errors = 0;
    int nondeterministic = 0;
    int problemAt = Integer.MAX_VALUE;
    String firstProblem = null;
    for (Found f : found) {
      errors += f.errors();
      nondeterministic += f.nondeterministic();
      if (f.problem() != null && f.problemAt() < problemAt) {
        problemAt = f.problemAt();
        firstProblem = f.problem();
      }
    }
    var counts = new EngineCheck.ProbeCounts(probes.count(), sent.get(), errors, nondeterministic);
    if (counts.sent() < probes.count()) {
      return counts; // cancelled
    }
    boolean passed = errors == 0 && nondeterministic == 0;
    String what =
        String.format(
            Locale.ROOT,
            "%d probes from the %s dataset (seed %d), each to two instances",
            counts.sent(),
            probes.profile().name(),
            probes.seed());
    String result =
        passed
            ? ": no errors, identical answers"
            : String.format(
                Locale.ROOT,
                ": %d failed, %d answered differently by two instances or with a wrong digest"
                    + " (first: %s)",
                errors,
                nondeterministic,
                firstProblem);
    steps.add(
        new EngineCheck.Step(
            "probes", passed, (nanoTime.getAsLong() - start) / 1_000, what + result));
    return counts;
  }

  private List<Found> sendAll(List<Conversation> conversations) {
    int threads = Math.min(EngineCheck.PARALLEL_USERS, conversations.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, EngineCheckProbes::daemon);
    try {
      List<Future<Found>> futures = new ArrayList<>();
      for (Conversation conversation : conversations) {
        futures.add(pool.submit(() -> converse(conversation)));
      }
      List<Found> found = new ArrayList<>();
      for (Future<Found> future : futures) {
        found.add(future.get());
      }
      return found;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("engine check interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("engine check failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Sends one user's probes in turn order, each to both instances. */
  private Found converse(Conversation conversation) {
    SyntheticUser user = conversation.user();
    List<String> claims = new ArrayList<>();
    int errors = 0;
    int nondeterministic = 0;
    int problemAt = -1;
    String problem = null;
    for (int t = 0; t < conversation.turns(); t++) {
      if (cancelled.getAsBoolean()) {
        break;
      }
      Turn turn = user.turns().get(t);
      var request =
          new EngineRequest(user.id(), turn.number(), turn.prompt(), claims, probes.seed());
      String where = user.id() + " turn " + turn.number();
      String found = null;
      EngineResponse first = null;
      try {
        first = engine.process(request);
      } catch (RuntimeException e) {
        errors++;
        found = where + ": " + e.getMessage();
      }
      if (first != null) {
        String difference;
        try {
          difference = EngineCheck.problemWith(first, twin.process(request));
        } catch (RuntimeException e) {
          difference = "nondeterministic: the second instance failed: " + e.getMessage();
        }
        if (difference != null) {
          nondeterministic++;
          found = where + ": " + difference;
        }
        claims.addAll(first.claims());
      }
      if (found != null && problem == null) {
        problem = found;
        problemAt = conversation.first() + t;
      }
      probesSent.accept(sent.incrementAndGet());
    }
    return new Found(errors, nondeterministic, problemAt, problem);
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "engine-check-probe");
    thread.setDaemon(true);
    return thread;
  }
}
