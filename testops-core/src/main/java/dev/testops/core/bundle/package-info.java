/**
 * Run bundles: {@code snapshots/run-<id>.tar.gz} holds everything needed to archive or reproduce a
 * run — snapshot, records, reports, logs and the war-room log — plus a manifest of their SHA-256
 * checksums.
 */
package dev.testops.core.bundle;
