/**
 * History store adapters for the {@link dev.testops.core.run.RunStore} port: {@code store.jdbc}
 * holds the SQL shared by every database, {@code store.sqlite} the embedded default ({@code
 * store.postgres} for HA joins later). Every adapter passes the same contract test.
 */
package dev.testops.core.store;
