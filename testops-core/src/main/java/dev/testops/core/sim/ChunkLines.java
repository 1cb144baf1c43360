package dev.testops.core.sim;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.canonical.LineWriter;
import dev.testops.core.canonical.LineWriter.Key;
import dev.testops.core.canonical.LineWriter.Text;
import dev.testops.core.dataset.Persona;
import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.Tier;
import java.util.function.Function;

/**
 * Writes one chunk's record lines and dataset lines as canonical JSON, straight to bytes. Building
 * a tree per record and letting {@link CanonicalJson#line} sort it cost a sixth of the workers'
 * time; here each line is written with its keys already in sorted order, which gives exactly the
 * bytes {@link CanonicalJson#line} gives (a test compares the two). Not thread-safe: one per chunk.
 */
final class ChunkLines {
  // Values from fixed sets, encoded once, indexed by ordinal.
  private static final Text[] PERSONAS = texts(Persona.values(), Persona::wireName);
  private static final Text[] TIERS = texts(Tier.values(), Tier::name);
  private static final Text OK = LineWriter.text("ok");
  private static final Text ERROR_STATUS = LineWriter.text("error");

  // Keys, encoded once. Each line below writes them in sorted (String.compareTo) order.
  private static final Key ANSWER = LineWriter.key("answer");
  private static final Key ARRIVAL_MS = LineWriter.key("arrival_ms");
  private static final Key CLAIMS = LineWriter.key("claims");
  private static final Key CONFIDENCE = LineWriter.key("confidence");
  private static final Key CONTRADICTIONS = LineWriter.key("contradictions");
  private static final Key DIGEST = LineWriter.key("digest");
  private static final Key ERROR = LineWriter.key("error");
  private static final Key ESCALATED = LineWriter.key("escalated");
  private static final Key LATENCY_US = LineWriter.key("latency_us");
  private static final Key N = LineWriter.key("n");
  private static final Key PERSONA = LineWriter.key("persona");
  private static final Key PROMPT = LineWriter.key("prompt");
  private static final Key STATUS = LineWriter.key("status");
  private static final Key THINK_MS = LineWriter.key("think_ms");
  private static final Key TIER = LineWriter.key("tier");
  private static final Key TURN = LineWriter.key("turn");
  private static final Key TURNS = LineWriter.key("turns");
  private static final Key USER = LineWriter.key("user");

  private final LineWriter records;
  private final LineWriter dataset;

  /** Starts empty buffers sized for about {@code users} users of {@code turns} turns. */
  ChunkLines(int users, int turns) {
    records = new LineWriter(users * turns * 400);
    dataset = new LineWriter(users * 800);
  }

  /**
   * Writes a user's dataset line: {@code arrival_ms, persona, turns[n, prompt, think_ms], user}.
   */
  void user(SyntheticUser user) {
    dataset.startObject();
    dataset.name(ARRIVAL_MS).number(user.arrivalMillis());
    dataset.name(PERSONA).string(PERSONAS[user.persona().ordinal()]);
    dataset.name(TURNS).startArray();
    for (Turn turn : user.turns()) {
      dataset.startObject();
      dataset.name(N).number(turn.number());
      dataset.name(PROMPT).string(turn.prompt());
      dataset.name(THINK_MS).number(turn.thinkTimeMillis());
      dataset.endObject();
    }
    dataset.endArray();
    dataset.name(USER).string(user.id());
    dataset.endObject().endLine();
  }

  /** Writes the record of an answered request, its keys in sorted order. */
  void response(SyntheticUser user, Turn turn, EngineResponse response) {
    records.startObject();
    records.name(ANSWER).string(response.answer());
    records.name(CLAIMS).startArray();
    for (String claim : response.claims()) {
      records.string(claim);
    }
    records.endArray();
    records.name(CONFIDENCE).decimal(response.confidence());
    records.name(CONTRADICTIONS).number(response.contradictions());
    records.name(DIGEST).string(response.digest());
    records.name(ESCALATED).bool(response.escalated());
    records.name(LATENCY_US).number(response.latencyMicros());
    records.name(PERSONA).string(PERSONAS[user.persona().ordinal()]);
    records.name(STATUS).string(OK);
    records.name(TIER).string(TIERS[response.tier().ordinal()]);
    endRecord(user, turn);
  }

  /** Writes the record of a failed request, its keys in sorted order. */
  void error(SyntheticUser user, Turn turn, String message) {
    records.startObject();
    records.name(ERROR).string(message);
    records.name(PERSONA).string(PERSONAS[user.persona().ordinal()]);
    records.name(STATUS).string(ERROR_STATUS);
    endRecord(user, turn);
  }

  /** Writes the keys every record ends with, {@code turn} and {@code user}, and the newline. */
  private void endRecord(SyntheticUser user, Turn turn) {
    records.name(TURN).number(turn.number());
    records.name(USER).string(user.id());
    records.endObject().endLine();
  }

  /** The number of record lines written. */
  int recordCount() {
    return records.lines();
  }

  /** The record lines, each ending in {@code \n}. */
  byte[] records() {
    return records.toByteArray();
  }

  /** The dataset lines, each ending in {@code \n}. */
  byte[] dataset() {
    return dataset.toByteArray();
  }

  private static <T extends Enum<T>> Text[] texts(T[] values, Function<T, String> text) {
    Text[] texts = new Text[values.length];
    for (T value : values) {
      texts[value.ordinal()] = LineWriter.text(text.apply(value));
    }
    return texts;
  }
}
