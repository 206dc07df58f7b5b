package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.util.List;
import java.util.Objects;

/**
 * What every {@link RaftStorage#save} call must satisfy. Both storages check it before they
 * change anything, so a rejected batch leaves storage exactly as it was, and a bad batch from
 * the core fails loudly at once instead of turning into a log that cannot be replayed.
 */
final class SaveRules {

    /** Largest entry payload; keeps every WAL record under its length bound. */
    static final int MAX_ENTRY_DATA_BYTES = WalRecordCodec.MAX_PAYLOAD_BYTES
            - WalRecordCodec.ENTRY_FIXED_BYTES;

    private SaveRules() {
    }

    /**
     * @param lastIndex   index of the last stored entry (0 when empty)
     * @param commitIndex commit index of the stored hard state
     */
    static void check(long lastIndex, long commitIndex, HardState hardState,
            List<Entry> entries) {
        check(0, lastIndex, commitIndex, hardState, entries);
    }

    /**
     * @param snapshotIndex index of the stored snapshot the log starts after (0 for none)
     * @param lastIndex     index of the last stored entry (the snapshot's when none follows)
     * @param commitIndex   commit index of the stored hard state
     */
    static void check(long snapshotIndex, long lastIndex, long commitIndex, HardState hardState,
            List<Entry> entries) {
        Objects.requireNonNull(entries, "entries (use an empty list for none)");
        if (!entries.isEmpty() && entries.get(0).index() <= snapshotIndex) {
            throw new IllegalArgumentException("entry " + entries.get(0).index()
                    + " rewrites the log before its snapshot at " + snapshotIndex);
        }
        long newLastIndex = lastIndex;
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = Objects.requireNonNull(entries.get(i), "entry " + i);
            long expected = i == 0 ? -1 : entries.get(i - 1).index() + 1;
            if (i == 0 && entry.index() > lastIndex + 1) {
                throw new IllegalArgumentException("entry " + entry.index()
                        + " would leave a gap after the last stored entry " + lastIndex);
            }
            if (i > 0 && entry.index() != expected) {
                throw new IllegalArgumentException("entries are not consecutive: "
                        + entries.get(i - 1).index() + " then " + entry.index());
            }
            if (entry.data().length > MAX_ENTRY_DATA_BYTES) {
                throw new IllegalArgumentException("entry " + entry.index() + " has "
                        + entry.data().length + " bytes, more than " + MAX_ENTRY_DATA_BYTES);
            }
            newLastIndex = entry.index();
        }
        long newCommitIndex = hardState == null ? commitIndex : hardState.commitIndex();
        // Raft never commits an entry a node does not hold, nor truncates a committed one.
        if (newCommitIndex > newLastIndex) {
            throw new IllegalArgumentException("commit index " + newCommitIndex
                    + " would be beyond the last stored entry " + newLastIndex);
        }
    }

    /**
     * A compaction must be at an entry the stored log holds with the snapshot's term (or at
     * the stored snapshot itself); an installed snapshot from the leader must be newer than the
     * one stored and not behind the commit index (it replaces the log, and a commit index must
     * never point past the log).
     *
     * @param termAtIndex the term the stored log has at the snapshot's index, -1 for none
     */
    static void checkSnapshot(long snapshotIndex, long lastIndex, long commitIndex,
            long termAtIndex, Snapshot snapshot, boolean replacesLog) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (snapshot.isNone()) {
            throw new IllegalArgumentException("no snapshot to save");
        }
        if (snapshot.index() < snapshotIndex
                || (replacesLog && snapshot.index() == snapshotIndex)) {
            throw new IllegalArgumentException("snapshot " + snapshot.index()
                    + " is not newer than the stored snapshot at " + snapshotIndex);
        }
        if (replacesLog && snapshot.index() < commitIndex) {
            throw new IllegalArgumentException("installed snapshot " + snapshot.index()
                    + " is behind the stored commit index " + commitIndex);
        }
        if (!replacesLog && snapshot.index() > lastIndex) {
            throw new IllegalArgumentException("compaction at " + snapshot.index()
                    + " is beyond the last stored entry " + lastIndex);
        }
        if (!replacesLog && termAtIndex != snapshot.term()) {
            throw new IllegalArgumentException("compaction at " + snapshot.index() + "@"
                    + snapshot.term() + " but the stored log has term " + termAtIndex
                    + " there");
        }
    }
}
