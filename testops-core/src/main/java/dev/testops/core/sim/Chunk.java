package dev.testops.core.sim;

/**
 * The outcome of one chunk of users, handed to a {@link ChunkSink} in chunk order.
 *
 * @param index the chunk's position, from 0
 * @param firstUser the index of the chunk's first user
 * @param users how many users the chunk holds
 * @param records the chunk's per-request records: canonical JSON lines, each ending in {@code \n}
 * @param recordCount how many lines {@code records} holds
 * @param dataset the chunk's users as canonical JSON lines (the dataset hash is over these)
 * @param metrics the chunk's metric events, to be merged into a {@link SimMetrics}
 * @param encodedRecords {@code records} as the sink's {@link RecordsEncoder} encoded them on the
 *     worker thread, or {@code null} when the sink is not one
 */
public record Chunk(
    int index,
    int firstUser,
    int users,
    byte[] records,
    int recordCount,
    byte[] dataset,
    ChunkMetrics metrics,
    byte[] encodedRecords) {}
