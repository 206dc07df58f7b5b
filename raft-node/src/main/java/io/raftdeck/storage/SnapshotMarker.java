package io.raftdeck.storage;

/**
 * The WAL's record that the log now starts after a snapshot at (index, term), whose state is
 * in a snapshot file. {@code replacesLog}: the snapshot came from the leader and replaced the
 * whole log; otherwise it is a compaction of this node's own applied state and the entries
 * after {@code index} stay.
 */
record SnapshotMarker(long index, long term, boolean replacesLog) {

    SnapshotMarker {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("snapshot record at " + index + "@" + term
                    + " is not a position in a log");
        }
    }
}
