package dev.testops.core.store.jdbc;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.PhaseRun;
import dev.testops.core.run.PhaseStatus;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunRequest;
import dev.testops.core.run.RunStatus;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL for runs and their phases, on a connection already inside a transaction. */
final class RunRows {
  /** The run columns {@link #select} reads, in its order. */
  static final String COLUMNS =
      "id, status, progress, request_json, created_at, started_at, finished_at, reason";

  private RunRows() {}

  /** Inserts a run and its phases; returns false (inserting nothing) when the id exists. */
  static boolean insert(Connection c, Run run) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO runs (id, status, progress, suite, request_json, created_at, started_at,"
                + " finished_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING")) {
      s.setString(1, run.id());
      s.setString(2, run.status().wireName());
      s.setInt(3, run.progress());
      s.setString(4, run.request().suite());
      s.setString(5, CanonicalJson.line(run.request().toJson()));
      s.setString(6, Times.text(run.createdAt()));
      s.setString(7, Times.text(run.startedAt()));
      s.setString(8, Times.text(run.finishedAt()));
      s.setString(9, run.reason());
      if (s.executeUpdate() == 0) {
        return false;
      }
    }
    savePhases(c, run);
    return true;
  }

  /** Updates a run's state and phases; returns false when the run does not exist. */
  static boolean update(Connection c, Run run) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE runs SET status = ?, progress = ?, started_at = ?, finished_at = ?, reason = ?"
                + " WHERE id = ?")) {
      s.setString(1, run.status().wireName());
      s.setInt(2, run.progress());
      s.setString(3, Times.text(run.startedAt()));
      s.setString(4, Times.text(run.finishedAt()));
      s.setString(5, run.reason());
      s.setString(6, run.id());
      if (s.executeUpdate() == 0) {
        return false;
      }
    }
    savePhases(c, run);
    return true;
  }

  /** Moves a run from queued to running; false when another runner claimed it first. */
  static boolean markRunning(Connection c, String runId, String startedAt) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'")) {
      s.setString(1, startedAt);
      s.setString(2, runId);
      return s.executeUpdate() == 1;
    }
  }

  /** The id of the oldest queued run (by creation time, then id). */
  static Optional<String> oldestQueued(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT id FROM runs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1");
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
    }
  }

  /** Upserts the phases by position and drops positions past the end of the list. */
  private static void savePhases(Connection c, Run run) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO phases (run_id, position, name, status, progress, started_at,"
                + " finished_at, summary_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (run_id, position) DO UPDATE SET name = excluded.name,"
                + " status = excluded.status, progress = excluded.progress,"
                + " started_at = excluded.started_at, finished_at = excluded.finished_at,"
                + " summary_json = excluded.summary_json")) {
      for (int i = 0; i < run.phases().size(); i++) {
        PhaseRun phase = run.phases().get(i);
        s.setString(1, run.id());
        s.setInt(2, i);
        s.setString(3, phase.name());
        s.setString(4, phase.status().wireName());
        s.setInt(5, phase.progress());
        s.setString(6, Times.text(phase.startedAt()));
        s.setString(7, Times.text(phase.finishedAt()));
        s.setString(8, phase.summary());
        s.executeUpdate();
      }
    }
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM phases WHERE run_id = ? AND position >= ?")) {
      s.setString(1, run.id());
      s.setInt(2, run.phases().size());
      s.executeUpdate();
    }
  }

  /** Reads one run with its phases. */
  static Optional<Run> find(Connection c, String runId) throws SQLException {
    List<Run> runs = select(c, "SELECT " + COLUMNS + " FROM runs WHERE id = ?", runId);
    return runs.stream().findFirst();
  }

  /**
   * Reads the runs a query selects, with their phases, in the query's order.
   *
   * @param sql a query of the {@link #COLUMNS} from {@code runs}
   * @param params its parameters: strings or integers
   */
  static List<Run> select(Connection c, String sql, Object... params) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(
              new Row(
                  r.getString(1),
                  r.getString(2),
                  r.getInt(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7),
                  r.getString(8)));
        }
      }
    }
    List<Run> runs = new ArrayList<>(rows.size());
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT name, status, progress, started_at, finished_at, summary_json FROM phases"
                + " WHERE run_id = ? ORDER BY position")) {
      for (Row row : rows) {
        s.setString(1, row.id);
        runs.add(row.toRun(phases(s)));
      }
    }
    return runs;
  }

  private static List<PhaseRun> phases(PreparedStatement s) throws SQLException {
    List<PhaseRun> phases = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        phases.add(
            new PhaseRun(
                r.getString(1),
                PhaseStatus.fromWireName(r.getString(2)),
                r.getInt(3),
                Times.instant(r.getString(4)),
                Times.instant(r.getString(5)),
                r.getString(6)));
      }
    }
    return phases;
  }

  /** A run row as read, before its phases are. */
  private record Row(
      String id,
      String status,
      int progress,
      String requestJson,
      String createdAt,
      String startedAt,
      String finishedAt,
      String reason) {

    Run toRun(List<PhaseRun> phases) {
      RunRequest request =
          RunRequest.fromJson(
              CanonicalJson.parse(
                  requestJson.getBytes(StandardCharsets.UTF_8), "the stored request of run " + id));
      return new Run(
          id,
          RunStatus.fromWireName(status),
          progress,
          request,
          Times.instant(createdAt),
          Times.instant(startedAt),
          Times.instant(finishedAt),
          reason,
          phases);
    }
  }
}
