package dev.testops.core.store.sqlite;

import dev.testops.core.TestOpsException;
import dev.testops.core.store.jdbc.JdbcRunStore;
import dev.testops.core.store.jdbc.Migrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded history store: a SQLite file in WAL mode (readers do not block the writer), with
 * foreign keys enforced and a busy timeout for other processes on the same file. Opening creates
 * the folder and the file and applies the migrations. Thread-safe: calls take turns on one
 * connection.
 */
public final class SqliteRunStore extends JdbcRunStore {
  /** Where the store lives under the TestOps home. */
  public static final String HOME_FILE = "data/tests_master.db";

  /** How long a call waits for another process's write lock before failing. */
  public static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private final Path file;

  private SqliteRunStore(SingleConnection connection, Path file) {
    super(connection);
    this.file = file;
  }

  /** Opens (creating if needed) the store at {@value #HOME_FILE} under a TestOps home. */
  public static SqliteRunStore openHome(Path home) {
    return open(home.resolve(HOME_FILE));
  }

  /**
   * Opens a store file, creating it and its folder if needed, and migrates it.
   *
   * @throws TestOpsException.StorageFailure naming the file when it cannot be created, opened or
   *     migrated
   */
  public static SqliteRunStore open(Path dbFile) {
    Path file = dbFile.toAbsolutePath().normalize();
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot create " + file.getParent() + ": " + e, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file);
    Migrations.apply(dataSource, file.toString());
    try {
      Connection connection = dataSource.getConnection();
      return new SqliteRunStore(new SingleConnection(connection, file.toString()), file);
    } catch (SQLException e) {
      throw new TestOpsException.StorageFailure("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /** The database file. */
  public Path file() {
    return file;
  }
}
