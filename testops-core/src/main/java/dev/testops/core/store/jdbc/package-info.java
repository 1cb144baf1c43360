/**
 * The history store over JDBC: one set of SQL, written to run unchanged on SQLite and PostgreSQL,
 * and the Flyway migrations that create its schema. How connections are made and transactions begun
 * is a {@link dev.testops.core.store.jdbc.Transactor}, given by each database's adapter.
 */
package dev.testops.core.store.jdbc;
