package dev.testops.bench;

import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.run.EventLog;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunEvent;
import dev.testops.core.run.RunRequest;
import dev.testops.core.store.sqlite.SqliteRunStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Event ingest into SQLite, three ways in one JVM, each into a fresh run per round on a file that
 * keeps growing over the rounds (as a history store does):
 *
 * <ol>
 *   <li>{@link EventLog#emit} of every event, then {@link EventLog#flush}: the server's path
 *       (sequencing, canonical JSON, batches of 64 through {@code RunStore.appendEvents});
 *   <li>{@code SqliteRunStore.appendEvents} of ready-made events in batches of the same size;
 *   <li>{@link BareInsert}: the same rows in the same batches through plain JDBC, on its own file;
 *   <li>the same with {@code synchronous=NORMAL}: not a reference but a what-if, showing how much
 *       of the time is the disk's.
 * </ol>
 *
 * The order of the steps rotates from round to round, so none always follows another's WAL
 * checkpoints.
 */
final class IngestBench {
  private static final long SEED = 20_261_125L;

  /** What was measured: each step's timings and the settings the files ran with. */
  record Result(
      Samples eventLog,
      Samples store,
      Samples bare,
      Samples bareNormal,
      int events,
      int batch,
      double meanPayloadBytes,
      String storeSettings,
      String bareSettings) {}

  private final ServerBenchOptions options;
  private final PrintStream out;
  private final Clock clock = Clock.systemUTC();
  private final EventPayloads payloads;

  IngestBench(ServerBenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.payloads = EventPayloads.generate(options.events(), SEED);
  }

  /**
   * Runs the warm-up and measured rounds in {@code dir}.
   *
   * @throws SQLException when the bare database fails
   */
  Result run(Path dir) throws SQLException {
    var eventLog = new Samples();
    var store = new Samples();
    var bare = new Samples();
    var bareNormal = new Samples();
    String storeSettings;
    String bareSettings;
    try (SqliteRunStore history = SqliteRunStore.open(dir.resolve("store.db"));
        BareInsert floor = BareInsert.create(dir.resolve("bare.db"), false);
        BareInsert whatIf = BareInsert.create(dir.resolve("bare-normal.db"), true)) {
      storeSettings = storeSettings(history.file());
      bareSettings = floor.settings();
      for (int round = 0; round < options.warmups() + options.iterations(); round++) {
        boolean measured = round >= options.warmups();
        Samples.Timing[] timings = new Samples.Timing[4];
        for (int k = 0; k < timings.length; k++) {
          int step = (round + k) % timings.length;
          String runId = String.format(Locale.ROOT, "ingest-%d-%d", round, step);
          timings[step] =
              switch (step) {
                case 0 -> viaEventLog(history, runId);
                case 1 -> viaStore(history, runId);
                case 2 -> viaBare(floor, runId);
                default -> viaBare(whatIf, runId);
              };
        }
        out.printf(
            Locale.ROOT,
            "%-10s event log %,7.0f ev/s  store %,7.0f ev/s  bare JDBC %,7.0f ev/s"
                + "  (synchronous=NORMAL %,7.0f ev/s)%n",
            measured ? "round " + (round - options.warmups() + 1) : "warm-up " + (round + 1),
            rate(timings[0]),
            rate(timings[1]),
            rate(timings[2]),
            rate(timings[3]));
        out.flush();
        if (measured) {
          eventLog.add(timings[0]);
          store.add(timings[1]);
          bare.add(timings[2]);
          bareNormal.add(timings[3]);
        }
      }
    }
    return new Result(
        eventLog,
        store,
        bare,
        bareNormal,
        options.events(),
        options.batch(),
        payloads.meanBytes(),
        storeSettings,
        bareSettings);
  }

  private Samples.Timing viaEventLog(SqliteRunStore history, String runId) {
    addRun(history, runId);
    var log = new EventLog(history, clock, new ArtifactHome(history.file().getParent()).output());
    return time(
        () -> {
          for (int i = 0; i < payloads.objects.size(); i++) {
            log.emit(runId, payloads.types.get(i), payloads.objects.get(i));
          }
          log.flush();
        });
  }

  private Samples.Timing viaStore(SqliteRunStore history, String runId) {
    addRun(history, runId);
    List<List<RunEvent>> batches = batches(runId);
    return time(() -> batches.forEach(history::appendEvents));
  }

  private Samples.Timing viaBare(BareInsert floor, String runId) throws SQLException {
    floor.addRun(runId);
    List<List<RunEvent>> batches = batches(runId);
    return time(
        () -> {
          try {
            floor.insert(batches);
          } catch (SQLException e) {
            throw new IllegalStateException("bare insert failed: " + e.getMessage(), e);
          }
        });
  }

  /** The events of a run cut into batches; built before the clock starts. */
  private List<List<RunEvent>> batches(String runId) {
    Instant at = clock.instant();
    List<List<RunEvent>> batches = new ArrayList<>();
    List<RunEvent> batch = new ArrayList<>(options.batch());
    for (int i = 0; i < payloads.lines.size(); i++) {
      batch.add(new RunEvent(runId, i + 1, payloads.types.get(i), at, payloads.lines.get(i)));
      if (batch.size() == options.batch()) {
        batches.add(List.copyOf(batch));
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      batches.add(List.copyOf(batch));
    }
    return batches;
  }

  private void addRun(SqliteRunStore history, String runId) {
    var request =
        new RunRequest(
            "bench",
            List.of("sim"),
            Map.of(),
            "offline",
            1,
            OptionalLong.empty(),
            "toron",
            Map.of());
    history.create(Run.queued(runId, request, clock.instant()), Optional.empty(), Instant.EPOCH);
  }

  /** Times a step after collecting the previous one's garbage. */
  private static Samples.Timing time(Runnable step) {
    System.gc();
    long cpuStart = JvmGauges.processCpuNanos();
    long wallStart = System.nanoTime();
    step.run();
    long wallNanos = System.nanoTime() - wallStart;
    return new Samples.Timing(wallNanos, JvmGauges.processCpuNanos() - cpuStart);
  }

  private double rate(Samples.Timing timing) {
    return options.events() / (timing.wallNanos() / 1e9);
  }

  /** The settings a connection opened the way {@link SqliteRunStore#open} opens one gets. */
  private static String storeSettings(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(SqliteRunStore.BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file);
    try (Connection c = dataSource.getConnection()) {
      return BareInsert.settings(c);
    }
  }
}
