package dev.testops.core.store.jdbc;

import dev.testops.core.run.RunStore.Artifact;
import dev.testops.core.run.RunStore.IdempotencyKey;
import dev.testops.core.run.RunStore.Token;
import dev.testops.core.run.RunStore.TokenEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL for idempotency keys, artifacts and tokens, on a connection inside a transaction. */
final class SideRows {
  private SideRows() {}

  /**
   * Stores a key unless it is already stored: returns whether this call stored it. An expired
   * stored key (created before {@code notBefore}) is deleted first, so it is replaced.
   */
  static boolean claimKey(Connection c, IdempotencyKey key, Instant notBefore) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM idempotency_keys WHERE key = ? AND created_at < ?")) {
      s.setString(1, key.key());
      s.setString(2, Times.text(notBefore));
      s.executeUpdate();
    }
    // ON CONFLICT rather than a check first: on PostgreSQL a concurrent creator with the same key
    // waits here until the first commits, then finds its key instead of failing.
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO idempotency_keys (key, request_sha256, run_id, created_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING")) {
      s.setString(1, key.key());
      s.setString(2, key.requestSha256());
      s.setString(3, key.runId());
      s.setString(4, Times.text(key.createdAt()));
      return s.executeUpdate() == 1;
    }
  }

  /** Reads a stored key. */
  static Optional<IdempotencyKey> key(Connection c, String key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT request_sha256, run_id, created_at FROM idempotency_keys WHERE key = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new IdempotencyKey(key, r.getString(1), r.getString(2), Times.instant(r.getString(3))));
      }
    }
  }

  /** Deletes the keys created before an instant; returns how many. */
  static int purgeKeys(Connection c, Instant before) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ?")) {
      s.setString(1, Times.text(before));
      return s.executeUpdate();
    }
  }

  /** Inserts an artifact or replaces the one of the same run and path. */
  static void putArtifact(Connection c, Artifact a) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO artifacts (run_id, path, kind, size_bytes, sha256) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind,"
                + " size_bytes = excluded.size_bytes, sha256 = excluded.sha256")) {
      s.setString(1, a.runId());
      s.setString(2, a.path());
      s.setString(3, a.kind());
      s.setLong(4, a.sizeBytes());
      s.setString(5, a.sha256());
      s.executeUpdate();
    }
  }

  /** A run's artifacts in path order. */
  static List<Artifact> artifacts(Connection c, String runId) throws SQLException {
    List<Artifact> artifacts = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT kind, path, size_bytes, sha256 FROM artifacts WHERE run_id = ? ORDER BY path")) {
      s.setString(1, runId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          artifacts.add(
              new Artifact(runId, r.getString(1), r.getString(2), r.getLong(3), r.getString(4)));
        }
      }
    }
    return artifacts;
  }

  /** Inserts a token; returns false (changing nothing) when its hash is already stored. */
  static boolean insertToken(Connection c, Token token) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO tokens (sha256, role, label, created_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (sha256) DO NOTHING")) {
      s.setString(1, token.sha256());
      s.setString(2, token.role());
      s.setString(3, token.label());
      s.setString(4, Times.text(token.createdAt()));
      return s.executeUpdate() == 1;
    }
  }

  /** Finds a token by the hash of its secret. */
  static Optional<Token> token(Connection c, String sha256) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT role, label, created_at FROM tokens WHERE sha256 = ? AND revoked_at IS NULL")) {
      s.setString(1, sha256);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Token(sha256, r.getString(1), r.getString(2), Times.instant(r.getString(3))));
      }
    }
  }

  /** Every token, oldest first. */
  static List<TokenEntry> tokens(Connection c) throws SQLException {
    List<TokenEntry> tokens = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT sha256, role, label, created_at, revoked_at FROM tokens"
                    + " ORDER BY created_at, sha256");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        tokens.add(
            new TokenEntry(
                new Token(
                    r.getString(1), r.getString(2), r.getString(3), Times.instant(r.getString(4))),
                Times.instant(r.getString(5))));
      }
    }
    return tokens;
  }

  /** Marks a valid token revoked; returns whether one was. */
  static boolean revokeToken(Connection c, String sha256, Instant at) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE tokens SET revoked_at = ? WHERE sha256 = ? AND revoked_at IS NULL")) {
      s.setString(1, Times.text(at));
      s.setString(2, sha256);
      return s.executeUpdate() == 1;
    }
  }

  /** Whether any token is stored, revoked ones included. */
  static boolean anyToken(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM tokens LIMIT 1");
        ResultSet r = s.executeQuery()) {
      return r.next();
    }
  }
}
