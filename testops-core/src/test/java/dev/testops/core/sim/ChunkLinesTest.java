package dev.testops.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.Sims;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.dataset.DatasetGenerator;
import dev.testops.core.dataset.Persona;
import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.Tier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The streamed record and dataset lines must be byte-identical to the trees the simulation used to
 * build and render with {@link CanonicalJson#line}; the reference below is that former code.
 */
class ChunkLinesTest {

  @Test
  void engineRecordsAndDataset_matchTheTreeRendering() {
    var generator = new DatasetGenerator(Sims.offline(), 77);
    var lines = new ChunkLines(8, 5);
    var expectedRecords = new ByteArrayOutputStream();
    var expectedDataset = new ByteArrayOutputStream();
    try (Engine engine =
        Sims.registry().open("toron-v2.5h+", EngineOptions.NONE.with("fault", "error:0.2"))) {
      for (int i = 0; i < 300; i++) {
        SyntheticUser user = generator.user(i);
        lines.user(user);
        writeLine(expectedDataset, datasetTree(user));
        List<String> claims = new ArrayList<>();
        for (Turn turn : user.turns()) {
          var request = new EngineRequest(user.id(), turn.number(), turn.prompt(), claims, 77);
          try {
            EngineResponse response = engine.process(request);
            lines.response(user, turn, response);
            writeLine(expectedRecords, responseTree(user, turn, response));
            claims.addAll(response.claims());
          } catch (EngineException | IllegalArgumentException e) {
            lines.error(user, turn, String.valueOf(e.getMessage()));
            writeLine(expectedRecords, errorTree(user, turn, String.valueOf(e.getMessage())));
          }
        }
      }
    }

    assertThat(expectedRecords.toString(StandardCharsets.UTF_8)).contains("\"status\":\"error\"");
    assertThat(lines.records()).isEqualTo(expectedRecords.toByteArray());
    assertThat(lines.dataset()).isEqualTo(expectedDataset.toByteArray());
    assertThat(lines.recordCount()).isEqualTo(1500);
  }

  @Test
  void unusualResponses_matchTheTreeRendering() {
    var random = new SplittableRandom(5);
    var user = new SyntheticUser(0, "user-00001", Persona.ADVERSARIAL, 0, List.of());
    var turn = new Turn(3, "p", 0);
    String[] texts = {
      "",
      "\"quoted\" \\ back",
      "tab\tnew\nline\u0001",
      "é 漢字 😀 \u2028",
      "lone \ud83d",
      "x".repeat(500)
    };
    double[] confidences = {0, 1, 0.5, 1e-9, 0.8903, 0.1 + 0.2, 0.0000005, 0.9999995};
    var lines = new ChunkLines(1, 1);
    var expected = new ByteArrayOutputStream();
    for (int i = 0; i < 400; i++) {
      double confidence =
          i < confidences.length ? confidences[i] : random.nextInt(0, 10_000_001) / 1e7;
      String text = texts[i % texts.length];
      var response =
          new EngineResponse(
              Tier.values()[i % 3],
              i % 2 == 0,
              i % 4,
              confidence,
              random.nextLong(0, 5_000_000_000L),
              text,
              "d" + i,
              List.of(texts).subList(0, i % 4));
      lines.response(user, turn, response);
      writeLine(expected, responseTree(user, turn, response));
      lines.error(user, turn, text);
      writeLine(expected, errorTree(user, turn, text));
    }

    assertThat(lines.records()).isEqualTo(expected.toByteArray());
  }

  // The former tree-building code, kept verbatim as the reference.

  private static ObjectNode responseTree(SyntheticUser user, Turn turn, EngineResponse response) {
    ObjectNode record = recordTree(user, turn);
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
    return record;
  }

  private static ObjectNode errorTree(SyntheticUser user, Turn turn, String message) {
    ObjectNode record = recordTree(user, turn);
    record.put("status", "error");
    record.put("error", message);
    return record;
  }

  private static ObjectNode recordTree(SyntheticUser user, Turn turn) {
    ObjectNode record = CanonicalJson.object();
    record.put("user", user.id());
    record.put("persona", user.persona().wireName());
    record.put("turn", turn.number());
    return record;
  }

  private static ObjectNode datasetTree(SyntheticUser user) {
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

  private static void writeLine(ByteArrayOutputStream out, ObjectNode tree) {
    out.writeBytes(CanonicalJson.line(tree).getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }
}
