package dev.testops.core.sim;

/**
 * An optional capability of a {@link ChunkSink}: work on each chunk's records that the simulation
 * runs on its worker threads, in parallel, before the chunk reaches the sink's single thread (where
 * it arrives as {@link Chunk#encodedRecords}). Compression is the use: done on the sink thread it
 * would cap the whole run at one core's deflate speed.
 */
@FunctionalInterface
public interface RecordsEncoder {

  /**
   * Encodes one chunk's record lines. Called concurrently from several threads, for chunks in any
   * order, so it must be thread-safe, and its output must depend on {@code records} alone.
   */
  byte[] encodeRecords(byte[] records);
}
