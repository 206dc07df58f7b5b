package io.raftdeck.transport;

/**
 * One piece of a snapshot on its way from a leader to a follower, as checked by
 * {@link MessageCodec}: {@code data} belongs at {@code offset} of the snapshot at
 * (lastIncludedIndex, lastIncludedTerm), whose bytes have CRC32C {@code checksum}; {@code done}
 * marks the last piece.
 */
record SnapshotChunk(int from, int to, long term, long lastIncludedIndex, long lastIncludedTerm,
                     long offset, byte[] data, boolean done, int checksum) {
}
