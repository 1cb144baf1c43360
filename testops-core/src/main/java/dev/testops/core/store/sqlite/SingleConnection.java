package dev.testops.core.store.sqlite;

import dev.testops.core.TestOpsException;
import dev.testops.core.store.jdbc.Transactor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite connection behind a lock: SQLite has one writer at a time anyway, and one connection
 * means a unit of work never waits on another of this process inside the database. Transactions are
 * begun by hand, {@code BEGIN IMMEDIATE} for writes, so a write takes the file's write lock before
 * reading anything; a deferred one could read, then fail to upgrade when another process wrote in
 * between (busy_timeout cannot help with that).
 */
final class SingleConnection implements Transactor {
  private final ReentrantLock lock = new ReentrantLock();
  private final Connection connection;
  private final String what;
  private boolean closed;

  /**
   * Wraps a connection in auto-commit mode.
   *
   * @param what names the database in errors
   */
  SingleConnection(Connection connection, String what) {
    this.connection = connection;
    this.what = what;
  }

  @Override
  public <T> T write(Work<T> work) {
    return inTransaction("BEGIN IMMEDIATE", work);
  }

  @Override
  public <T> T read(Work<T> work) {
    return inTransaction("BEGIN", work);
  }

  private <T> T inTransaction(String begin, Work<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the history store " + what + " is closed");
      }
      execute(begin);
      T result;
      try {
        result = work.apply(connection);
        execute("COMMIT");
      } catch (SQLException | RuntimeException | Error e) {
        rollback(e);
        throw e;
      }
      return result;
    } catch (SQLException e) {
      throw new TestOpsException.StorageFailure(
          "history store " + what + " failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  private void rollback(Throwable cause) {
    try {
      execute("ROLLBACK");
    } catch (SQLException e) {
      // A failed COMMIT may already have ended the transaction; the first error is the story.
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        connection.close();
      }
    } catch (SQLException e) {
      throw new TestOpsException.StorageFailure("cannot close the history store " + what, e);
    } finally {
      lock.unlock();
    }
  }
}
