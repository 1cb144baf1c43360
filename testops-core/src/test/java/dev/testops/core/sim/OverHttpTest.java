package dev.testops.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.Sims;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.replay.Replay;
import dev.testops.core.snapshot.RecordsReader;
import dev.testops.core.snapshot.Snapshot;
import dev.testops.core.snapshot.SnapshotFormat;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineDescriptor;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.enginehttp.EngineHttpServer;
import dev.testops.enginehttp.EngineServerConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * SIM and replay through an engine over HTTP (a real engine server on an ephemeral port serving the
 * reference engine), with many requests in flight: the records, the dataset and the metrics are
 * byte for byte those of the same run in process, however the answers interleave.
 */
class OverHttpTest {
  private static final int USERS = 500;
  private static final long SEED = 20_260_101;
  private static final String NO_FAULT = "";

  @TempDir Path temp;

  @Test
  void simOverHttp_with500UsersInFlight_writesTheInProcessRecordsDatasetAndMetrics()
      throws IOException {
    SimBatch.Outcome inProcess = Sims.run(temp.resolve("in-process"), spec(), 2);
    try (var served = Served.toron(NO_FAULT, EngineServerConfig.defaults())) {
      SimBatch.Outcome concurrent = simOverHttp(served, temp.resolve("500"), USERS);
      List<String> concurrentOrder = served.engine.takeArrivals();
      SimBatch.Outcome oneAtATime = simOverHttp(served, temp.resolve("1"), 1);
      List<String> serialOrder = served.engine.takeArrivals();

      assertSameRun(concurrent, inProcess);
      assertSameRun(oneAtATime, inProcess);
      // The snapshots differ from the in-process one only in the engine they name (the http
      // provider and its url); between the two limits they are the same bytes.
      assertThat(Files.readAllBytes(concurrent.snapshot()))
          .isEqualTo(Files.readAllBytes(oneAtATime.snapshot()));
      // The byte equality above is not for want of interleaving: with 500 users in flight the
      // server took the requests in another order than the records list them, and one at a time
      // in exactly that order.
      assertThat(serialOrder).hasSize(USERS * 5).isSortedAccordingTo(USER_THEN_TURN);
      assertThat(concurrentOrder)
          .hasSize(USERS * 5)
          .containsExactlyInAnyOrderElementsOf(serialOrder);
      assertThat(concurrentOrder).isNotEqualTo(serialOrder);
    }
  }

  @Test
  void failedRequestsOverHttp_areRecordedPerTurnExactlyAsInProcess() throws IOException {
    String fault = "error:0.2";
    SimBatch.Outcome inProcess =
        Sims.run(temp.resolve("in-process"), Sims.spec("run", USERS, SEED, faults(fault)), 2);
    try (var served = Served.toron(fault, EngineServerConfig.defaults())) {
      SimBatch.Outcome overHttp = simOverHttp(served, temp.resolve("http"), USERS);

      assertSameRun(overHttp, inProcess);
      JsonNode sim = overHttp.document().path("metrics").path("sim");
      assertThat(sim.path("errors").asLong()).isBetween(400L, 600L); // 20 % of 2,500
      List<String> failed = new ArrayList<>();
      try (var records = new RecordsReader(overHttp.records())) {
        for (String line = records.next(); line != null; line = records.next()) {
          if (line.contains("\"status\":\"error\"")) {
            failed.add(line);
          }
        }
      }
      assertThat(failed).hasSize(sim.path("errors").asInt());
      assertThat(failed.get(0)).contains("\"error\":\"injected fault");
    }
  }

  @Test
  void theInFlightLimit_boundsWhatTheServerIsWorkingOnAtOnce() {
    // Every request takes a few milliseconds of the server's time, on far more server threads than
    // the limit: the requests the server holds at once are the requests the client has in flight.
    var config = EngineServerConfig.defaults().withThreads(2, 48);
    try (var served = Served.slowToron(config, 3)) {
      run(served, temp.resolve("limited"), 8, 200);
      int limited = served.engine.maxConcurrent();
      served.engine.takeArrivals();
      run(served, temp.resolve("wide"), 40, 200);
      int wide = served.engine.maxConcurrent();

      assertThat(limited).as("most requests at the server with a limit of 8").isBetween(2, 8);
      // The same count catches a run that goes past 8: the wider limit does.
      assertThat(wide).as("most requests at the server with a limit of 40").isGreaterThan(8);
    }
  }

  @Test
  void replayOverHttp_ofAnInProcessSnapshot_matchesEveryRecord() {
    var snapshot = SnapshotFormat.read(Sims.run(temp.resolve("home"), spec(), 2).snapshot());
    try (var served = Served.toron(NO_FAULT, EngineServerConfig.defaults())) {
      JsonNode result = replayOverHttp(served, snapshot);

      assertThat(result.path("verdict").asString()).isEqualTo("IDENTICAL");
      assertThat(result.path("determinism_score").decimalValue()).isEqualByComparingTo("100");
      assertThat(result.path("records").path("matching").asLong()).isEqualTo(USERS * 5L);
      assertThat(result.path("records").path("replayed").asLong()).isEqualTo(USERS * 5L);
      assertThat(result.path("dataset_matches").asBoolean()).isTrue();
      assertThat(result.path("metrics_match").asBoolean()).isTrue();
      assertThat(result.path("first_divergences")).isEmpty();
    }
  }

  @Test
  void replayOverHttp_ofANondeterministicServer_isCaught() {
    var snapshot = SnapshotFormat.read(Sims.run(temp.resolve("home"), spec(), 2).snapshot());
    try (var served = Served.toron("nondeterministic:0.05", EngineServerConfig.defaults())) {
      JsonNode result = replayOverHttp(served, snapshot);

      assertThat(result.path("verdict").asString()).isNotEqualTo("IDENTICAL");
      assertThat(result.path("determinism_score").decimalValue())
          .isLessThan(new BigDecimal("100"))
          .isGreaterThan(new BigDecimal("90"));
      assertThat(result.path("first_divergences")).isNotEmpty();
    }
  }

  private JsonNode replayOverHttp(Served served, Snapshot snapshot) {
    var options =
        new Replay.Options(
            Optional.of("http"),
            EngineOptions.NONE.with("url", served.server.url()),
            Replay.DEFAULT_FLOOR,
            3,
            2,
            USERS);
    return new Replay(Sims.registry()).run(snapshot, options, SimProgress.NONE);
  }

  private static void assertSameRun(SimBatch.Outcome actual, SimBatch.Outcome expected)
      throws IOException {
    assertThat(Files.readAllBytes(actual.records()))
        .as("records")
        .isEqualTo(Files.readAllBytes(expected.records()));
    assertThat(actual.document().path("dataset").path("sha256").asString())
        .as("dataset hash")
        .isEqualTo(expected.document().path("dataset").path("sha256").asString());
    assertThat(CanonicalJson.line(actual.document().path("metrics")))
        .as("metrics")
        .isEqualTo(CanonicalJson.line(expected.document().path("metrics")));
  }

  private SimBatch.Outcome simOverHttp(Served served, Path home, int maxInFlight) {
    return run(served, home, maxInFlight, USERS);
  }

  private static SimBatch.Outcome run(Served served, Path home, int maxInFlight, int users) {
    var spec =
        new SimSpec(
            "run",
            users,
            SEED,
            "flag",
            Sims.offline(),
            "regression_core",
            "http",
            EngineOptions.NONE.with("url", served.server.url()));
    return new SimBatch(new ArtifactHome(home), Sims.registry(), "test")
        .run(spec, 2, maxInFlight, Sims.TRIGGER, SimProgress.NONE);
  }

  private static SimSpec spec() {
    return Sims.spec("run", USERS, SEED, faults(NO_FAULT));
  }

  private static EngineOptions faults(String fault) {
    return EngineOptions.NONE.with("fault", fault);
  }

  /** "user-00042/3" sorts by user, then turn. */
  private static final Comparator<String> USER_THEN_TURN =
      Comparator.comparing((String key) -> key.substring(0, key.indexOf('/')))
          .thenComparingInt(key -> Integer.parseInt(key.substring(key.indexOf('/') + 1)));

  /** The reference engine served on an ephemeral port, behind a gauge. */
  private static final class Served implements AutoCloseable {
    final Gauged engine;
    final EngineHttpServer server;

    private Served(Gauged engine, EngineServerConfig config) {
      this.engine = engine;
      this.server = EngineHttpServer.start(engine, config);
    }

    static Served toron(String fault, EngineServerConfig config) {
      return new Served(new Gauged(open(fault), 0), config);
    }

    static Served slowToron(EngineServerConfig config, int millis) {
      return new Served(new Gauged(open(NO_FAULT), millis), config);
    }

    private static Engine open(String fault) {
      return Sims.registry().open("toron-v2.5h+", faults(fault));
    }

    @Override
    public void close() {
      server.close();
      engine.close();
    }
  }

  /**
   * An engine that notes the order its requests arrive in and how many it works on at once, and
   * holds each for a while when asked to (so concurrency shows at the server).
   */
  private static final class Gauged implements Engine {
    private final Engine delegate;
    private final long holdNanos;
    private final AtomicInteger working = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private final List<String> arrivals = Collections.synchronizedList(new ArrayList<>());

    Gauged(Engine delegate, int holdMillis) {
      this.delegate = delegate;
      this.holdNanos = holdMillis * 1_000_000L;
    }

    @Override
    public EngineDescriptor describe() {
      return delegate.describe();
    }

    @Override
    public void ping() {
      delegate.ping();
    }

    @Override
    public EngineResponse process(EngineRequest request) {
      arrivals.add(request.userId() + "/" + request.turn());
      int now = working.incrementAndGet();
      most.accumulateAndGet(now, Math::max);
      try {
        if (holdNanos > 0) {
          LockSupport.parkNanos(holdNanos);
        }
        return delegate.process(request);
      } finally {
        working.decrementAndGet();
      }
    }

    int maxConcurrent() {
      return most.get();
    }

    /** The arrivals so far, in order; starts a new count of them and of concurrency. */
    List<String> takeArrivals() {
      synchronized (arrivals) {
        List<String> taken = List.copyOf(arrivals);
        arrivals.clear();
        most.set(0);
        return taken;
      }
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
