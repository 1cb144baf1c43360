/**
 * Snapshots: the versioned, canonical record of a run ({@code snapshots/run-<id>.json}) and its
 * per-request records stored beside it, compressed (zstd; gzip in older runs), checked by SHA-256.
 * A snapshot holds everything a replay needs, so a run can be re-checked offline from it alone.
 */
package dev.testops.core.snapshot;
