/**
 * The SIM batch as a user runs it: simulate, stream the records to disk, write the snapshot; and
 * the replay that proves a snapshot is reproducible.
 */
package dev.testops.core.batch;
