/**
 * Compare two snapshots (or two folders of them, e.g. golden against dev): a delta of every metric
 * and a record-by-record diff, rendered as {@code reports/snapshot_diff.txt} and its JSON twin.
 */
package dev.testops.core.compare;
