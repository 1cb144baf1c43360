package dev.testops.bench;

import dev.testops.core.run.RunEvent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The floor event ingest is measured against: plain {@code java.sql} on its own SQLite file, with
 * the store's settings (WAL, a 10 s busy timeout, foreign keys on, {@code synchronous} left at the
 * driver's default as the store leaves it) and a table of the store's shape ({@code events} with
 * its primary key, check and foreign key to {@code runs}). One prepared statement for the whole
 * run, one transaction per batch; no sequence check, no locks, no migrations.
 *
 * <p>A second instance may run with {@code synchronous=NORMAL}, what SQLite recommends with WAL (a
 * commit no longer waits for the disk; a power loss may lose the last commits, never corrupt the
 * file), to show what that setting alone would change.
 */
final class BareInsert implements AutoCloseable {
  /** The store's text form of an instant: UTC, nine fraction digits (see {@code store.jdbc}). */
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final Connection connection;

  private BareInsert(Connection connection) {
    this.connection = connection;
  }

  /**
   * Creates the database file and its two tables.
   *
   * @param synchronousNormal {@code synchronous=NORMAL} instead of the driver's default
   * @throws SQLException when SQLite cannot
   */
  static BareInsert create(java.nio.file.Path file, boolean synchronousNormal) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      if (synchronousNormal) {
        s.execute("PRAGMA synchronous=NORMAL");
      }
      s.execute("PRAGMA busy_timeout=10000");
      s.execute("PRAGMA foreign_keys=ON");
      s.execute("CREATE TABLE runs (id TEXT NOT NULL PRIMARY KEY)");
      s.execute(
          "CREATE TABLE events (run_id TEXT NOT NULL REFERENCES runs (id),"
              + " seq BIGINT NOT NULL CHECK (seq >= 1), type TEXT NOT NULL, at TEXT NOT NULL,"
              + " data TEXT NOT NULL, PRIMARY KEY (run_id, seq))");
    }
    c.setAutoCommit(false);
    return new BareInsert(c);
  }

  /** Inserts a run row, so that its events satisfy the foreign key. */
  void addRun(String runId) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("INSERT INTO runs (id) VALUES (?)")) {
      s.setString(1, runId);
      s.executeUpdate();
    }
    connection.commit();
  }

  /** Inserts the batches, each with {@code addBatch}/{@code executeBatch} and its own commit. */
  void insert(List<List<RunEvent>> batches) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO events (run_id, seq, type, at, data) VALUES (?, ?, ?, ?, ?)")) {
      for (List<RunEvent> batch : batches) {
        for (RunEvent event : batch) {
          s.setString(1, event.runId());
          s.setLong(2, event.seq());
          s.setString(3, event.type());
          s.setString(4, AT.format(event.at()));
          s.setString(5, event.data());
          s.addBatch();
        }
        s.executeBatch();
        connection.commit();
      }
    }
  }

  /**
   * The settings of a SQLite connection that matter to write speed, e.g. {@code journal_mode=wal
   * synchronous=2}, to show that both sides of the ratio ran with the same ones.
   */
  static String settings(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      return "journal_mode="
          + pragma(s, "journal_mode")
          + " synchronous="
          + pragma(s, "synchronous")
          + " foreign_keys="
          + pragma(s, "foreign_keys");
    }
  }

  /** {@link #settings} of this connection. */
  String settings() throws SQLException {
    return settings(connection);
  }

  private static String pragma(Statement s, String name) throws SQLException {
    try (ResultSet r = s.executeQuery("PRAGMA " + name)) {
      r.next();
      return r.getString(1);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
