package dev.testops.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine contract test kit: extend it, implement {@link #createEngine()}, and every engine gets
 * the same checks of the contract in {@link Engine} and the package documentation.
 *
 * <p>Published in engine-api's test-jar. Engines created here are closed after each test.
 */
public abstract class EngineContractTest {
  private static final int THREADS = 8;

  /** Repeats of the request list under concurrency, so threads really overlap. */
  private static final int CONCURRENT_ROUNDS = 8;

  private final List<Engine> created = new ArrayList<>();
  private Engine engine;

  /** Returns a new engine instance, configured as it should be when it behaves correctly. */
  protected abstract Engine createEngine();

  /** The requests the process tests send; override to add engine-specific ones. */
  protected List<EngineRequest> requests() {
    return CannedRequests.singleTurns();
  }

  @BeforeEach
  void startEngine() {
    engine = newEngine();
  }

  @AfterEach
  void closeEngines() {
    created.forEach(Engine::close);
  }

  @Test
  void describe_hasNonBlankIdAndVersion() {
    EngineDescriptor descriptor = engine.describe();

    assertThat(descriptor.id()).isNotBlank();
    assertThat(descriptor.version()).isNotBlank();
    assertThat(engine.describe()).as("describe is constant").isEqualTo(descriptor);
  }

  @Test
  void ping_succeeds() {
    assertThatCode(engine::ping).doesNotThrowAnyException();
  }

  @Test
  void process_cannedRequestsYieldValidResponsesWithDigestOfAnswer() {
    List<EngineResponse> responses = EngineAssertions.processAll(engine, requests());

    assertThat(responses).hasSameSizeAs(requests());
  }

  @Test
  void process_sameRequestTwiceGivesEqualResponse() {
    for (EngineRequest request : requests()) {
      assertThat(engine.process(request))
          .as("repeat of %s", request)
          .isEqualTo(engine.process(request));
    }
  }

  @Test
  void process_twoEngineInstancesGiveEqualResponses() {
    EngineAssertions.assertSameResponses(engine, newEngine(), requests());
  }

  @Test
  void process_concurrentFromEightThreadsMatchesSequential() throws Exception {
    List<EngineRequest> requests = requests();
    List<EngineResponse> sequential = EngineAssertions.processAll(engine, requests);

    List<EngineResponse> concurrent = processConcurrently(requests);

    for (int round = 0; round < CONCURRENT_ROUNDS; round++) {
      int from = round * requests.size();
      assertThat(concurrent.subList(from, from + requests.size()))
          .as("round %d", round)
          .isEqualTo(sequential);
    }
  }

  @Test
  void processAsync_ofAnAsyncEngine_answersAsProcessDoes_withAllRequestsInFlightAtOnce() {
    assumeTrue(engine instanceof AsyncEngine, "the engine is not an AsyncEngine");
    var async = (AsyncEngine) engine;
    List<EngineRequest> requests = new ArrayList<>();
    for (int round = 0; round < CONCURRENT_ROUNDS; round++) {
      requests.addAll(requests());
    }
    List<CompletableFuture<EngineResponse>> answers = new ArrayList<>();
    for (EngineRequest request : requests) {
      answers.add(async.processAsync(request).toCompletableFuture());
    }

    for (int i = 0; i < requests.size(); i++) {
      assertThat(answers.get(i).join())
          .as("async answer to %s", requests.get(i))
          .isEqualTo(engine.process(requests.get(i)));
    }
  }

  @Test
  void process_acceptsClaimsFedBackAsPriorClaims() {
    List<EngineRequest> session = CannedRequests.session(engine, "tck-session");

    assertThat(EngineAssertions.processAll(engine, session))
        .as("replaying the session")
        .isEqualTo(EngineAssertions.processAll(newEngine(), session));
  }

  private Engine newEngine() {
    Engine fresh = createEngine();
    created.add(fresh);
    return fresh;
  }

  private List<EngineResponse> processConcurrently(List<EngineRequest> requests) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      // A start gate so all threads begin together instead of the first finishing alone.
      var start = new CountDownLatch(1);
      List<Future<EngineResponse>> futures = new ArrayList<>();
      for (int round = 0; round < CONCURRENT_ROUNDS; round++) {
        for (EngineRequest request : requests) {
          Callable<EngineResponse> task =
              () -> {
                start.await();
                return engine.process(request);
              };
          futures.add(pool.submit(task));
        }
      }
      start.countDown();
      List<EngineResponse> responses = new ArrayList<>(futures.size());
      for (Future<EngineResponse> future : futures) {
        responses.add(future.get(1, TimeUnit.MINUTES));
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }
}
