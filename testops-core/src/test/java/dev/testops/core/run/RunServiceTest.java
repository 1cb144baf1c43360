package dev.testops.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.Sims;
import dev.testops.core.TestOps;
import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class RunServiceTest {
  @TempDir Path home;
  private TestOps testops;
  private RunStore store;
  private RunService service;
  private final AtomicLong entropy = new AtomicLong();

  @BeforeEach
  void open() {
    testops = Sims.testops(home, entropy::incrementAndGet, "/* charts */");
    store = testops.store();
    service = testops.runs();
  }

  @AfterEach
  void close() {
    testops.close();
  }

  private RunRequest smoke(int users, Map<String, String> options) {
    return service.resolve(
        new Submission(
            Optional.of("smoke"),
            Optional.empty(),
            Optional.empty(),
            Optional.of(users),
            OptionalLong.of(7),
            Optional.empty(),
            options));
  }

  private static Map<String, String> clean() {
    return Map.of("fault", "");
  }

  @Test
  void smokeSuite_passesEveryPhase_withAGapFreeEventStreamAndRecordedArtifacts() {
    List<RunEvent> seen = new CopyOnWriteArrayList<>();

    Run run = service.runInProcess(smoke(30, clean()), seen::add);

    assertThat(run.status()).isEqualTo(RunStatus.PASSED);
    assertThat(run.progress()).isEqualTo(100);
    assertThat(run.phases())
        .extracting(PhaseRun::name, PhaseRun::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("engine-check", PhaseStatus.PASSED),
            org.assertj.core.groups.Tuple.tuple("sim", PhaseStatus.PASSED),
            org.assertj.core.groups.Tuple.tuple("replay", PhaseStatus.PASSED));
    List<RunEvent> stored = service.events(run.id(), 0, 10_000);
    assertThat(stored).extracting(RunEvent::seq).containsExactlyElementsOf(seq(1, stored.size()));
    assertThat(seen).extracting(RunEvent::seq).containsExactlyElementsOf(seq(1, stored.size()));
    assertThat(stored)
        .extracting(RunEvent::type)
        .contains("run", "phase", "progress", "log", "metric", "artifact");
    assertThat(service.events(run.id(), 5, 3))
        .extracting(RunEvent::seq)
        .containsExactly(6L, 7L, 8L);
    JsonNode last = data(stored.get(stored.size() - 1));
    assertThat(last.path("status").asString()).isEqualTo("passed");
    assertThat(service.artifacts(run.id()))
        .extracting(RunStore.Artifact::kind)
        .contains("snapshot", "records", "determinism", "warroom", "log", "events", "bundle");
    assertThat(store.find(run.id())).hasValue(run);
  }

  private RunRequest simAndReplay(int users, Map<String, String> options) {
    return service.resolve(
        new Submission(
            Optional.empty(),
            Optional.of(List.of("sim", "replay")),
            Optional.empty(),
            Optional.of(users),
            OptionalLong.of(7),
            Optional.empty(),
            options));
  }

  @Test
  void nondeterministicEngine_failsTheRunAtReplay_andOpensAWarRoomEntry() throws Exception {
    // A fifth of the answers carry a per-instance nonce: a score near 80, below the floor of 90.
    Run run =
        service.runInProcess(simAndReplay(200, Map.of("fault", "nondeterministic:0.2")), e -> {});

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.reason()).startsWith("replay failed: DRIFT: ").contains("records diverged");
    assertThat(run.phases().get(1).status()).isEqualTo(PhaseStatus.FAILED);
    JsonNode summary = CanonicalJson.parse(run.phases().get(1).summary().getBytes(), "summary");
    assertThat(summary.path("determinism_score").doubleValue()).isLessThan(90);
    assertThat(summary.path("verdict").asString()).isEqualTo("DRIFT");
    String warRoom = Files.readString(home.resolve("warroom/run-" + run.id() + ".jsonl"));
    assertThat(warRoom).contains("\"severity\":\"error\"").contains("remediation");
    String master = Files.readString(home.resolve("warroom/master/warroom.jsonl"));
    assertThat(master).contains(run.id()).contains("run failed");
  }

  @Test
  void driftWithinTheFloor_passes_butSaysSoInTheRunJUnitAndReport() throws Exception {
    Run run =
        service.runInProcess(simAndReplay(200, Map.of("fault", "nondeterministic:0.05")), e -> {});

    assertThat(run.status()).isEqualTo(RunStatus.PASSED);
    PhaseRun replay = run.phases().get(1);
    assertThat(replay.status()).isEqualTo(PhaseStatus.PASSED);
    JsonNode summary = CanonicalJson.parse(replay.summary().getBytes(), "summary");
    long differing = summary.path("records").path("differing").asLong();
    assertThat(differing).isPositive();
    assertThat(summary.path("verdict").asString()).isEqualTo("DRIFT WITHIN FLOOR");
    String warning = summary.path("warning").asString();
    assertThat(warning)
        .startsWith("DRIFT WITHIN FLOOR: " + differing + " of 1000 records diverged")
        .endsWith("the engine is not deterministic");
    assertThat(run.reason()).isEqualTo("replay warning: " + warning);

    String junit = dev.testops.core.report.JUnitXml.render(run);
    assertThat(junit)
        .contains("<property name=\"warnings\" value=\"1\"")
        .contains("<property name=\"warning\" value=\"" + warning + "\"")
        .contains("<system-err>WARNING: " + warning + "</system-err>")
        .doesNotContain("<failure");
    String html = Files.readString(home.resolve("reports/master/run-" + run.id() + ".html"));
    assertThat(html).contains(warning).contains("badge warn").contains(">DRIFT WITHIN FLOOR<");
    JsonNode report =
        CanonicalJson.parse(
            Files.readAllBytes(home.resolve("reports/master/run-" + run.id() + ".json")), "report");
    assertThat(report.path("determinism").path("verdict").asString())
        .isEqualTo("DRIFT WITHIN FLOOR");
    assertThat(report.path("verdict").path("reason").asString()).contains(warning);
    String warRoom = Files.readString(home.resolve("warroom/run-" + run.id() + ".jsonl"));
    assertThat(warRoom).contains("\"severity\":\"warn\"").contains("DRIFT WITHIN FLOOR");
  }

  @Test
  void identicalReplay_hasNoWarning_anywhere() {
    Run run = service.runInProcess(simAndReplay(40, clean()), e -> {});

    assertThat(run.status()).isEqualTo(RunStatus.PASSED);
    assertThat(run.reason()).isNull();
    JsonNode summary = CanonicalJson.parse(run.phases().get(1).summary().getBytes(), "summary");
    assertThat(summary.path("verdict").asString()).isEqualTo("IDENTICAL");
    assertThat(summary.has("warning")).isFalse();
    assertThat(dev.testops.core.report.JUnitXml.render(run))
        .contains("<property name=\"warnings\" value=\"0\"")
        .doesNotContain("system-err");
  }

  @Test
  void brokenEngine_failsEngineCheck_andSkipsTheRest() {
    Run run = service.runInProcess(smoke(20, Map.of("fault", "error:1.0")), e -> {});

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.phases())
        .extracting(PhaseRun::status)
        .containsExactly(PhaseStatus.FAILED, PhaseStatus.SKIPPED, PhaseStatus.SKIPPED);
  }

  @Test
  void queuedRuns_executeInOrder_onTheQueue() throws Exception {
    var first = service.submit(smoke(20, clean()), Optional.empty()).run();
    var second = service.submit(smoke(20, clean()), Optional.empty()).run();
    assertThat(first.status()).isEqualTo(RunStatus.QUEUED);

    try (var queue = RunQueue.start(service, 1)) {
      awaitTerminal(second.id());
    }

    Run a = service.get(first.id());
    Run b = service.get(second.id());
    assertThat(a.status()).isEqualTo(RunStatus.PASSED);
    assertThat(b.status()).isEqualTo(RunStatus.PASSED);
    assertThat(a.finishedAt()).isBeforeOrEqualTo(b.startedAt());
    assertThat(data(service.events(a.id(), 0, 1).get(0)).path("status").asString())
        .isEqualTo("queued");
  }

  @Test
  void cancellingAQueuedRun_endsItAtOnce_withEveryPhaseSkipped() {
    var run = service.submit(smoke(20, clean()), Optional.empty()).run();

    Run cancelled = service.cancel(run.id());

    assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(cancelled.phases()).extracting(PhaseRun::status).containsOnly(PhaseStatus.SKIPPED);
    assertThatThrownBy(() -> service.cancel(run.id()))
        .isInstanceOf(TestOpsException.Conflict.class)
        .hasMessageContaining("already ended");
  }

  @Test
  void cancellingARunningRun_stopsItAtTheNextSafePoint() throws Exception {
    // 2 ms per request: long enough to cancel in the middle of the SIM phase.
    var run = service.submit(smoke(200, Map.of("fault", "slow:2")), Optional.empty()).run();
    try (var queue = RunQueue.start(service, 1)) {
      awaitPhase(run.id(), "sim", PhaseStatus.RUNNING);
      service.cancel(run.id());
      awaitTerminal(run.id());
    }

    Run ended = service.get(run.id());
    assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(ended.phases().get(1).status()).isEqualTo(PhaseStatus.SKIPPED);
    assertThat(ended.phases().get(2).status()).isEqualTo(PhaseStatus.SKIPPED);
    assertThat(home.resolve("snapshots/run-" + run.id() + ".json")).doesNotExist();
  }

  @Test
  void runLeftRunningByAPreviousProcess_isMarkedInterrupted_andNothingIsLost() {
    var run = service.submit(smoke(20, clean()), Optional.empty()).run();
    store.claimNextQueued(Instant.parse("2026-11-25T10:00:01Z"));
    long eventsBefore = store.lastSeq(run.id());

    List<Run> recovered;
    try (var restarted = Sims.testops(home, entropy::incrementAndGet, "/* charts */")) {
      recovered = restarted.runs().recoverInterrupted();
    }

    assertThat(recovered).extracting(Run::id).containsExactly(run.id());
    Run after = service.get(run.id());
    assertThat(after.status()).isEqualTo(RunStatus.ERROR);
    assertThat(after.reason()).isEqualTo("interrupted");
    List<RunEvent> events = service.events(run.id(), 0, 100);
    assertThat(events).hasSize((int) eventsBefore + 1);
    assertThat(data(events.get(events.size() - 1)).path("reason").asString())
        .isEqualTo("interrupted");
  }

  @Test
  void sameIdempotencyKey_returnsTheSameRun_andADifferentBodyIsAConflict() {
    var first = service.submit(smoke(20, clean()), Optional.of("key-1"));
    var again = service.submit(smoke(20, clean()), Optional.of("key-1"));

    assertThat(again.existing()).isTrue();
    assertThat(again.run().id()).isEqualTo(first.run().id());
    assertThatThrownBy(() -> service.submit(smoke(21, clean()), Optional.of("key-1")))
        .isInstanceOf(TestOpsException.Conflict.class);
    assertThat(service.count(Optional.empty())).isEqualTo(1);
  }

  @Test
  void invalidSubmissions_areRefused_namingTheProblem() {
    assertThatThrownBy(() -> service.resolve(Submission.ofSuite("nightly")))
        .isInstanceOf(TestOpsException.InvalidInput.class)
        .hasMessageContaining("unknown suite 'nightly'");
    assertThatThrownBy(
            () ->
                service.resolve(
                    new Submission(
                        Optional.empty(),
                        Optional.of(List.of("sim", "teleport")),
                        Optional.empty(),
                        Optional.empty(),
                        OptionalLong.empty(),
                        Optional.empty(),
                        Map.of())))
        .hasMessageContaining("unknown phase 'teleport'");
    assertThatThrownBy(() -> smoke(10_001, clean()))
        .isInstanceOf(TestOpsException.CeilingExceeded.class)
        .hasMessageContaining("10000");
    assertThatThrownBy(
            () ->
                service.resolve(
                    new Submission(
                        Optional.of("smoke"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        OptionalLong.empty(),
                        Optional.of("nope"),
                        Map.of())))
        .isInstanceOf(TestOpsException.InvalidInput.class)
        .hasMessageContaining("unknown engine 'nope'");
    assertThat(service.count(Optional.empty())).isZero();
  }

  private void awaitTerminal(String runId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!service.get(runId).status().isTerminal()) {
      assertThat(System.nanoTime()).as("run %s ends in time", runId).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private void awaitPhase(String runId, String phase, PhaseStatus status)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (service.get(runId).phases().stream()
        .noneMatch(p -> p.name().equals(phase) && p.status() == status)) {
      assertThat(System.nanoTime()).as("phase %s reaches %s", phase, status).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static JsonNode data(RunEvent event) {
    return CanonicalJson.parse(event.data().getBytes(StandardCharsets.UTF_8), "event");
  }

  private static List<Long> seq(long from, long to) {
    List<Long> list = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      list.add(i);
    }
    return list;
  }
}
