package dev.testops.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.testops.core.Sims;
import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.dataset.DatasetGenerator;
import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.core.sim.SimProgress;
import dev.testops.core.snapshot.Snapshot;
import dev.testops.core.snapshot.SnapshotFormat;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.toron.ToronFaults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ReplayTest {
  private static final int USERS = 400;
  private static final long SEED = 1234;

  @TempDir Path home;
  private Snapshot snapshot;

  @BeforeEach
  void recordACleanRun() {
    var outcome = Sims.run(home, Sims.spec("replayed", USERS, SEED), 2);
    snapshot = SnapshotFormat.read(outcome.snapshot());
  }

  @Test
  void replayOfACleanRun_scores100_andMatchesDatasetAndMetrics() {
    JsonNode result = replay(EngineOptions.NONE.with("fault", ""), 90);

    assertThat(result.path("determinism_score").decimalValue()).isEqualByComparingTo("100");
    assertThat(result.path("records").path("matching").asLong()).isEqualTo(USERS * 5L);
    assertThat(result.path("passed").asBoolean()).isTrue();
    assertThat(result.path("drift").asBoolean()).isFalse();
    assertThat(result.path("verdict").asString()).isEqualTo("IDENTICAL");
    assertThat(result.path("dataset_matches").asBoolean()).isTrue();
    assertThat(result.path("metrics_match").asBoolean()).isTrue();
    assertThat(result.path("first_divergences")).isEmpty();
  }

  @Test
  void replayWithANondeterministicEngine_isCaught_andScoresTheExactShareOfDifferingRecords() {
    JsonNode result = replay(EngineOptions.NONE.with("fault", "nondeterministic:0.05"), 98);

    long expectedDiffering = countAffected("nondeterministic", 0.05);
    long total = USERS * 5L;
    BigDecimal expectedScore =
        BigDecimal.valueOf((total - expectedDiffering) * 100)
            .divide(BigDecimal.valueOf(total), 6, RoundingMode.HALF_EVEN);
    assertThat(result.path("records").path("differing").asLong()).isEqualTo(expectedDiffering);
    assertThat(result.path("determinism_score").decimalValue()).isEqualByComparingTo(expectedScore);
    assertThat(result.path("determinism_score").doubleValue()).isBetween(93.0, 97.0).isLessThan(98);
    assertThat(result.path("passed").asBoolean()).isFalse();
    assertThat(result.path("drift").asBoolean()).isTrue();
    assertThat(result.path("verdict").asString()).isEqualTo("DRIFT");
    JsonNode first = result.path("first_divergences").get(0);
    assertThat(first.path("expected").path("digest").asString())
        .isNotEqualTo(first.path("actual").path("digest").asString());
    assertThat(first.path("expected").path("user").asString())
        .isEqualTo(first.path("actual").path("user").asString());
  }

  @Test
  void snapshotWrittenBeforeNewerFigures_stillMatchesItsMetrics_butAChangedFigureDoesNot()
      throws IOException {
    // As a snapshot of an older TestOps wrote it: no per-turn breakdown, no per-tier p90.
    Path file = snapshot.file();
    var document =
        (tools.jackson.databind.node.ObjectNode)
            CanonicalJson.parse(Files.readAllBytes(file), "snapshot");
    var sim = (tools.jackson.databind.node.ObjectNode) document.path("metrics").path("sim");
    sim.remove("by_turn");
    sim.path("latency_ms_by_tier")
        .forEach(t -> ((tools.jackson.databind.node.ObjectNode) t).remove("p90"));
    Files.write(file, CanonicalJson.pretty(document));
    snapshot = SnapshotFormat.read(file);

    assertThat(replay(EngineOptions.NONE.with("fault", ""), 90).path("metrics_match").asBoolean())
        .isTrue();

    sim.put("requests", sim.path("requests").asLong() + 1);
    Files.write(file, CanonicalJson.pretty(document));
    snapshot = SnapshotFormat.read(file);

    assertThat(replay(EngineOptions.NONE.with("fault", ""), 90).path("metrics_match").asBoolean())
        .isFalse();
  }

  @Test
  void floor_decidesDrift_notTheScore() {
    JsonNode result = replay(EngineOptions.NONE.with("fault", "nondeterministic:0.05"), 90);

    assertThat(result.path("determinism_score").doubleValue()).isLessThan(98);
    assertThat(result.path("passed").asBoolean()).isTrue();
    // Passing is not the same as identical: the records that differ are still drift.
    assertThat(result.path("verdict").asString()).isEqualTo("DRIFT WITHIN FLOOR");
    assertThat(result.path("drift").asBoolean()).isTrue();
  }

  @Test
  void replayOfTamperedRecords_isRefusedAsCorrupt() throws IOException {
    Path records = snapshot.recordsPath();
    String text = decode(records);
    Files.write(records, encode(text.replaceFirst("\"T1\"", "\"T3\"")));

    assertThatThrownBy(() -> replay(EngineOptions.NONE.with("fault", ""), 90))
        .isInstanceOf(TestOpsException.CorruptArtifact.class)
        .hasMessageContaining("does not match the checksum");
  }

  @Test
  void replayOfTruncatedRecords_isRefusedAsCorrupt() throws IOException {
    Path records = snapshot.recordsPath();
    byte[] bytes = Files.readAllBytes(records);
    Files.write(records, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> replay(EngineOptions.NONE.with("fault", ""), 90))
        .isInstanceOf(TestOpsException.CorruptArtifact.class)
        .hasMessageContaining("damaged or truncated");
  }

  @Test
  void replayWithMissingRecords_saysWhichFileIsMissing() throws IOException {
    Files.delete(snapshot.recordsPath());

    assertThatThrownBy(() -> replay(EngineOptions.NONE.with("fault", ""), 90))
        .isInstanceOf(TestOpsException.NotFound.class)
        .hasMessageContaining("records file missing");
  }

  private JsonNode replay(EngineOptions options, int floor) {
    var replayOptions =
        new Replay.Options(Optional.empty(), options, BigDecimal.valueOf(floor), 3, 2);
    return new Replay(Sims.registry()).run(snapshot, replayOptions, SimProgress.NONE);
  }

  /** Walks the dataset independently of the replay code and counts the requests a fault hits. */
  private static long countAffected(String kind, double rate) {
    var generator = new DatasetGenerator(Sims.offline(), SEED);
    long affected = 0;
    try (Engine engine =
        Sims.registry().open("toron-v2.5h+", EngineOptions.NONE.with("fault", ""))) {
      for (int i = 0; i < USERS; i++) {
        SyntheticUser user = generator.user(i);
        List<String> claims = new ArrayList<>();
        for (Turn turn : user.turns()) {
          var request = new EngineRequest(user.id(), turn.number(), turn.prompt(), claims, SEED);
          if (ToronFaults.affects(request, kind, rate)) {
            affected++;
          }
          EngineResponse response = engine.process(request);
          claims.addAll(response.claims());
        }
      }
    }
    return affected;
  }

  /** The records of a zstd records file. */
  private static String decode(Path file) throws IOException {
    try (var in = new ZstdInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A well-formed zstd frame of the text, at zstd's default level. */
  private static byte[] encode(String text) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (OutputStream out = new ZstdOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
