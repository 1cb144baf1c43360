package dev.testops.core.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs units of work on a database connection, each in its own transaction. An implementation
 * decides how connections are made and shared (e.g. one connection behind a lock for SQLite, a pool
 * for PostgreSQL). Work must not call back into the transactor.
 */
public interface Transactor extends AutoCloseable {

  /** A unit of work on a connection that is inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    /** Does the work; the transactor commits or rolls back, never the work. */
    T apply(Connection connection) throws SQLException;
  }

  /**
   * Runs work that writes: committed when it returns, rolled back when it throws.
   *
   * @throws dev.testops.core.TestOpsException.StorageFailure when the database fails
   * @throws RuntimeException the work's own exception, after the rollback
   */
  <T> T write(Work<T> work);

  /**
   * Runs work that only reads, on one consistent view of the database.
   *
   * @throws dev.testops.core.TestOpsException.StorageFailure when the database fails
   */
  <T> T read(Work<T> work);

  /** Closes the connections; later calls fail. */
  @Override
  void close();
}
