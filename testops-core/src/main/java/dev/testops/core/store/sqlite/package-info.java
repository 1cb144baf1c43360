/**
 * The embedded history store: one SQLite file ({@code data/tests_master.db} under the home) in WAL
 * mode, created and migrated when it is opened.
 */
package dev.testops.core.store.sqlite;
