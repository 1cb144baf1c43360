package dev.testops.core.store.jdbc;

import dev.testops.core.TestOpsException;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunEvent;
import dev.testops.core.run.RunStatus;
import dev.testops.core.run.RunStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The history store over JDBC. Its SQL runs unchanged on SQLite and PostgreSQL: where they differ
 * (upserts) it uses {@code INSERT ... ON CONFLICT}, which both support. Every method is one
 * transaction of the {@link Transactor}, so a rejected call leaves nothing behind. Instants are
 * stored as fixed-width UTC ISO-8601 text with nine fraction digits and read back exactly.
 *
 * <p>Concurrency rests on the database, not on Java locks: a key is claimed with {@code ON CONFLICT
 * DO NOTHING} before its run is inserted, and a queued run is moved only {@code WHERE status =
 * 'queued'}. That is enough on SQLite (one writer at a time) and on PostgreSQL at its default
 * isolation, read committed.
 *
 * <p>Database adapters (e.g. {@code store.sqlite}) extend it only to say how connections are made.
 */
public class JdbcRunStore implements RunStore {
  private final Transactor tx;

  /** Creates a store over a migrated database (see {@link Migrations}). */
  public JdbcRunStore(Transactor tx) {
    this.tx = Objects.requireNonNull(tx, "tx");
  }

  @Override
  public final Created create(Run run, Optional<IdempotencyKey> key, Instant keyNotBefore) {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(keyNotBefore, "keyNotBefore");
    key.ifPresent(
        k -> {
          if (!k.runId().equals(run.id())) {
            throw new IllegalArgumentException(
                "idempotency key '" + k.key() + "' names run " + k.runId() + ", not " + run.id());
          }
        });
    return tx.write(
        c -> {
          if (key.isPresent() && !SideRows.claimKey(c, key.get(), keyNotBefore)) {
            return existing(c, key.get());
          }
          if (!RunRows.insert(c, run)) {
            throw new TestOpsException.Conflict("run " + run.id() + " already exists");
          }
          return new Created(run, false);
        });
  }

  /** The run an earlier use of a key made, when this use is of the same request. */
  private static Created existing(Connection c, IdempotencyKey key) throws SQLException {
    IdempotencyKey stored =
        SideRows.key(c, key.key())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "idempotency key '" + key.key() + "' was deleted meanwhile"));
    if (!stored.requestSha256().equals(key.requestSha256())) {
      throw new TestOpsException.Conflict(
          "idempotency key '" + key.key() + "' was already used with a different request");
    }
    Run run =
        RunRows.find(c, stored.runId())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "idempotency key '" + key.key() + "' names a missing run"));
    return new Created(run, true);
  }

  @Override
  public final Optional<Run> find(String runId) {
    return tx.read(c -> RunRows.find(c, runId));
  }

  @Override
  public final List<Run> list(
      Optional<RunStatus> status, Optional<String> suite, int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException(
          "offset and limit must be >= 0, were " + offset + " and " + limit);
    }
    List<Object> args = new ArrayList<>(filterArgs(status, suite));
    args.add(limit);
    args.add(offset);
    return tx.read(
        c ->
            RunRows.select(
                c,
                "SELECT "
                    + RunRows.COLUMNS
                    + " FROM runs"
                    + where(status, suite)
                    + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                args.toArray()));
  }

  @Override
  public final long count(Optional<RunStatus> status, Optional<String> suite) {
    List<Object> args = filterArgs(status, suite);
    return tx.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT COUNT(*) FROM runs" + where(status, suite))) {
            for (int i = 0; i < args.size(); i++) {
              s.setObject(i + 1, args.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
              r.next();
              return r.getLong(1);
            }
          }
        });
  }

  /** The WHERE clause of a status and suite filter ({@code ""} for none). */
  private static String where(Optional<RunStatus> status, Optional<String> suite) {
    List<String> terms = new ArrayList<>();
    status.ifPresent(x -> terms.add("status = ?"));
    suite.ifPresent(x -> terms.add("suite = ?"));
    return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
  }

  private static List<Object> filterArgs(Optional<RunStatus> status, Optional<String> suite) {
    List<Object> args = new ArrayList<>();
    status.ifPresent(s -> args.add(s.wireName()));
    suite.ifPresent(args::add);
    return args;
  }

  @Override
  public final List<Run> withStatus(RunStatus status) {
    return tx.read(
        c ->
            RunRows.select(
                c,
                "SELECT " + RunRows.COLUMNS + " FROM runs WHERE status = ? ORDER BY created_at, id",
                status.wireName()));
  }

  @Override
  public final Optional<Run> claimNextQueued(Instant now) {
    String startedAt = Times.text(Objects.requireNonNull(now, "now"));
    return tx.write(
        c -> {
          // Pick, then move only if still queued: on a database where runners do not queue behind
          // one writer (PostgreSQL), a runner that lost the race picks again.
          while (true) {
            Optional<String> next = RunRows.oldestQueued(c);
            if (next.isEmpty()) {
              return Optional.<Run>empty();
            }
            if (RunRows.markRunning(c, next.get(), startedAt)) {
              return RunRows.find(c, next.get());
            }
          }
        });
  }

  @Override
  public final void update(Run run) {
    tx.write(
        c -> {
          if (!RunRows.update(c, run)) {
            throw new TestOpsException.NotFound("run " + run.id() + " does not exist");
          }
          return null;
        });
  }

  @Override
  public final void appendEvents(List<RunEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    tx.write(
        c -> {
          EventRows.append(c, events);
          return null;
        });
  }

  @Override
  public final List<RunEvent> events(String runId, long afterSeq, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    return tx.read(c -> EventRows.after(c, runId, afterSeq, limit));
  }

  @Override
  public final long lastSeq(String runId) {
    return tx.read(c -> EventRows.lastSeq(c, runId));
  }

  @Override
  public final void addArtifact(Artifact artifact) {
    tx.write(
        c -> {
          SideRows.putArtifact(c, artifact);
          return null;
        });
  }

  @Override
  public final List<Artifact> artifacts(String runId) {
    return tx.read(c -> SideRows.artifacts(c, runId));
  }

  @Override
  public final void addToken(Token token) {
    tx.write(
        c -> {
          if (!SideRows.insertToken(c, token)) {
            throw new TestOpsException.Conflict("a token with this hash is already stored");
          }
          return null;
        });
  }

  @Override
  public final Optional<Token> token(String sha256) {
    return tx.read(c -> SideRows.token(c, sha256));
  }

  @Override
  public final List<TokenEntry> tokens() {
    return tx.read(SideRows::tokens);
  }

  @Override
  public final boolean revokeToken(String sha256, Instant at) {
    return tx.write(c -> SideRows.revokeToken(c, sha256, at));
  }

  @Override
  public final boolean hasTokens() {
    return tx.read(SideRows::anyToken);
  }

  @Override
  public final int purgeIdempotencyKeys(Instant before) {
    return tx.write(c -> SideRows.purgeKeys(c, before));
  }

  @Override
  public void close() {
    tx.close();
  }
}
