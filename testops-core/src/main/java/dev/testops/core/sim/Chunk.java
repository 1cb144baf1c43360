package dev.testops.core.sim;

/**
 * The outcome of one chunk of users, handed to a {@link ChunkSink} in chunk order.
 *
 * @param index the chunk's position, from 0
 * @param firstUser the index of the chunk's first user
 * @param users how many users the chunk holds
 * @param records the chunk's per-request records: canonical JSON lines, each ending in {@code \n}
 * @param dataset the chunk's users as canonical JSON lines (the dataset hash is over these)
 * @param metrics the chunk's metrics
 */
public record Chunk(
    int index, int firstUser, int users, byte[] records, byte[] dataset, SimMetrics metrics) {}
