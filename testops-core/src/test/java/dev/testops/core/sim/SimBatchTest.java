package dev.testops.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.Sims;
import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.snapshot.RecordsReader;
import dev.testops.core.snapshot.Snapshot;
import dev.testops.core.snapshot.SnapshotFormat;
import dev.testops.engine.EngineOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class SimBatchTest {
  @TempDir Path temp;

  @Test
  void sameSeed_givesByteIdenticalSnapshotAndRecords_withOneThreadOrMany() throws IOException {
    // 730 users: several chunks and a partial last one.
    var one = Sims.run(temp.resolve("one"), Sims.spec("det", 730, 42), 1);
    var many = Sims.run(temp.resolve("many"), Sims.spec("det", 730, 42), 6);

    assertThat(Files.readAllBytes(many.snapshot())).isEqualTo(Files.readAllBytes(one.snapshot()));
    assertThat(Files.readAllBytes(many.records())).isEqualTo(Files.readAllBytes(one.records()));
  }

  @Test
  void differentSeeds_giveDifferentDatasets() {
    var a = Sims.run(temp.resolve("a"), Sims.spec("s", 50, 1), 2);
    var b = Sims.run(temp.resolve("b"), Sims.spec("s", 50, 2), 2);

    assertThat(a.document().path("dataset").path("sha256").asString())
        .isNotEqualTo(b.document().path("dataset").path("sha256").asString());
  }

  @Test
  void snapshot_recordsInputsMetricsAndTheChecksumOfItsRecords() {
    var outcome = Sims.run(temp, Sims.spec("shape", 120, 9), 2);
    Snapshot snapshot = SnapshotFormat.read(outcome.snapshot());
    JsonNode doc = snapshot.document();

    assertThat(doc.path("schema_version").asInt()).isEqualTo(SnapshotFormat.SCHEMA_VERSION);
    assertThat(snapshot.runId()).isEqualTo("shape");
    assertThat(snapshot.engineId()).isEqualTo("toron-v2.5h+");
    assertThat(snapshot.seed()).isEqualTo(9);
    assertThat(snapshot.users()).isEqualTo(120);
    assertThat(snapshot.recordCount()).isEqualTo(600);
    assertThat(doc.path("scale").path("requests").asLong()).isEqualTo(600);
    assertThat(doc.path("trigger").path("by").asString()).isEqualTo("test");
    JsonNode sim = snapshot.simMetrics();
    assertThat(sim.path("requests").asLong()).isEqualTo(600);
    assertThat(sim.path("latency_ms").path("count").asLong()).isEqualTo(600);
    long tierTotal = 0;
    for (String tier : new String[] {"T1", "T2", "T3"}) {
      tierTotal += sim.path("tiers").path(tier).path("count").asLong();
    }
    assertThat(tierTotal).isEqualTo(600);
    long personaUsers = 0;
    for (JsonNode persona : sim.path("personas")) {
      personaUsers += persona.path("users").asLong();
    }
    assertThat(personaUsers).isEqualTo(120);
    long heatmapCells = 0;
    for (JsonNode row : sim.path("heatmap").path("series").path("all")) {
      for (JsonNode cell : row) {
        heatmapCells += cell.asLong();
      }
    }
    assertThat(heatmapCells).isEqualTo(600);
    try (var reader = new RecordsReader(snapshot.recordsPath())) {
      assertThat(reader.drainAndHash()).isEqualTo(snapshot.recordsSha256());
      assertThat(reader.lines()).isEqualTo(600);
    }
  }

  @Test
  void perTurnBreakdown_isWhatTheRecordsSay() {
    var outcome =
        Sims.run(
            temp, Sims.spec("turns", 300, 3, EngineOptions.NONE.with("fault", "error:0.1")), 2);
    // Counted again here from the records alone: turn -> {requests, errors, T1, T2, T3,
    // escalations, contradictions}.
    var expected = new java.util.TreeMap<Integer, long[]>();
    try (var reader = new RecordsReader(outcome.records())) {
      for (String line = reader.next(); line != null; line = reader.next()) {
        JsonNode r = CanonicalJson.parse(line.getBytes(), "record");
        long[] f = expected.computeIfAbsent(r.path("turn").asInt(), t -> new long[7]);
        f[0]++;
        if (r.path("status").asString().equals("error")) {
          f[1]++;
          continue;
        }
        f[2 + r.path("tier").asString().charAt(1) - '1']++;
        f[5] += r.path("escalated").asBoolean() ? 1 : 0;
        f[6] += r.path("contradictions").asLong();
      }
    }
    JsonNode turns = SnapshotFormat.read(outcome.snapshot()).simMetrics().path("by_turn");

    assertThat(turns).hasSize(expected.size()).hasSize(5);
    for (JsonNode t : turns) {
      long[] f = expected.get(t.path("turn").asInt());
      assertThat(
              new long[] {
                t.path("requests").asLong(),
                t.path("errors").asLong(),
                t.path("tiers").path("T1").path("count").asLong(),
                t.path("tiers").path("T2").path("count").asLong(),
                t.path("tiers").path("T3").path("count").asLong(),
                t.path("escalations").path("count").asLong(),
                t.path("contradictions").path("total").asLong()
              })
          .as("turn %d", t.path("turn").asInt())
          .isEqualTo(f);
    }
    assertThat(expected.values().stream().mapToLong(f -> f[1]).sum()).isPositive();
    assertThat(expected.values().stream().mapToLong(f -> f[6]).sum()).isPositive();
  }

  @Test
  void recordsAreCanonicalJsonLines_inUserThenTurnOrder() {
    var outcome = Sims.run(temp, Sims.spec("order", 3, 5), 2);
    try (var reader = new RecordsReader(outcome.records())) {
      String first = reader.next();
      JsonNode record = CanonicalJson.parse(first.getBytes(), "record");
      assertThat(record.path("user").asString()).isEqualTo("user-00001");
      assertThat(record.path("turn").asInt()).isEqualTo(1);
      assertThat(CanonicalJson.line(record)).isEqualTo(first);
      String last = null;
      for (String line = reader.next(); line != null; line = reader.next()) {
        last = line;
      }
      JsonNode lastRecord = CanonicalJson.parse(last.getBytes(), "record");
      assertThat(lastRecord.path("user").asString()).isEqualTo("user-00003");
      assertThat(lastRecord.path("turn").asInt()).isEqualTo(5);
    }
  }

  @Test
  void engineErrors_areRecordedAndCounted_notFatal() {
    var outcome =
        Sims.run(
            temp, Sims.spec("errors", 200, 3, EngineOptions.NONE.with("fault", "error:0.1")), 2);
    JsonNode sim = outcome.document().path("metrics").path("sim");

    assertThat(sim.path("requests").asLong()).isEqualTo(1000);
    assertThat(sim.path("errors").asLong()).isBetween(60L, 140L);
    assertThat(sim.path("latency_ms").path("count").asLong())
        .isEqualTo(1000 - sim.path("errors").asLong());
  }

  @Test
  void existingRunId_isRefused_andTheFirstSnapshotIsKept() throws IOException {
    var first = Sims.run(temp, Sims.spec("twice", 10, 1), 1);
    byte[] before = Files.readAllBytes(first.snapshot());

    assertThatThrownBy(() -> Sims.run(temp, Sims.spec("twice", 10, 2), 1))
        .isInstanceOf(TestOpsException.Conflict.class)
        .hasMessageContaining("already exists");
    assertThat(Files.readAllBytes(first.snapshot())).isEqualTo(before);
  }

  @Test
  void unknownEngine_isRefused_andNothingIsWritten() throws IOException {
    var spec = Sims.spec("nope", 10, 1);
    var unknown =
        new dev.testops.core.sim.SimSpec(
            spec.runId(),
            spec.users(),
            spec.seed(),
            spec.seedSource(),
            spec.profile(),
            spec.suite(),
            "no-such-engine",
            spec.engineOptions());

    assertThatThrownBy(() -> Sims.run(temp, unknown, 1))
        .isInstanceOf(TestOpsException.NotFound.class)
        .hasMessageContaining("no-such-engine");
    assertThat(filesUnder(temp)).isEmpty();
  }

  private static java.util.List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
