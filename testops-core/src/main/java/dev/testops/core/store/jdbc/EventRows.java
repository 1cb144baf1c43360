package dev.testops.core.store.jdbc;

import dev.testops.core.run.RunEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The SQL for run events, on a connection already inside a transaction. */
final class EventRows {
  private EventRows() {}

  /**
   * Inserts events after checking that each run's numbers continue its stored ones without a gap or
   * a repeat.
   *
   * @throws IllegalStateException naming the run and numbers when they do not: that is a bug in
   *     whoever numbered them, so nothing of the batch may be stored
   */
  static void append(Connection c, List<RunEvent> events) throws SQLException {
    Map<String, Long> last = new HashMap<>();
    for (RunEvent event : events) {
      long previous =
          last.containsKey(event.runId()) ? last.get(event.runId()) : lastSeq(c, event.runId());
      if (event.seq() != previous + 1) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "event %d of run %s does not follow event %d (sequence numbers must continue"
                    + " without gaps or repeats)",
                event.seq(),
                event.runId(),
                previous));
      }
      last.put(event.runId(), event.seq());
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO events (run_id, seq, type, at, data) VALUES (?, ?, ?, ?, ?)")) {
      for (RunEvent event : events) {
        s.setString(1, event.runId());
        s.setLong(2, event.seq());
        s.setString(3, event.type());
        s.setString(4, Times.text(event.at()));
        s.setString(5, event.data());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** The last sequence number of a run's events, 0 when none. */
  static long lastSeq(Connection c, String runId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT MAX(seq) FROM events WHERE run_id = ?")) {
      s.setString(1, runId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Up to {@code limit} events of a run after a sequence number, in order. */
  static List<RunEvent> after(Connection c, String runId, long afterSeq, int limit)
      throws SQLException {
    List<RunEvent> events = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT seq, type, at, data FROM events WHERE run_id = ? AND seq > ?"
                + " ORDER BY seq LIMIT ?")) {
      s.setString(1, runId);
      s.setLong(2, afterSeq);
      s.setInt(3, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          events.add(
              new RunEvent(
                  runId,
                  r.getLong(1),
                  r.getString(2),
                  Times.instant(r.getString(3)),
                  r.getString(4)));
        }
      }
    }
    return events;
  }
}
