package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.io.IOException;
import java.util.List;

/**
 * Durable home of a node's Raft log, hard state (term, vote, commit) and latest state machine
 * snapshot.
 *
 * <p>Durability promise: when {@link #save}, {@link #saveSnapshot} or {@link #installSnapshot}
 * returns normally, everything passed to it survives a crash of the process or machine. An
 * implementation that cannot keep that promise (a failed write or fsync) throws
 * {@link StorageException} and must not be used again: a failed fsync is never retried,
 * because the kernel may have dropped the dirty pages already.
 */
public interface RaftStorage extends AutoCloseable {

    /**
     * Reads back everything saved so far: the latest snapshot and the log after it. Called
     * once, before the first save.
     */
    RecoveredState recover() throws IOException;

    /**
     * Persists a batch with a single fsync. {@code hardState} may be null (unchanged).
     * {@code entries} are consecutive; the first one replaces every stored entry at or after its
     * index (a follower truncating a conflicting suffix), then all are appended.
     *
     * <p>One exception to the durability promise: a batch that only advances the commit index
     * (no entries, same term and vote) may be written without a sync. Raft never needs a
     * commit index back after a crash (the leader announces it again), so an older one is
     * recovered at worst; skipping that sync keeps a second fsync off every write's path.
     *
     * @return whether this save synced (see {@link #needsSync})
     */
    boolean save(HardState hardState, List<Entry> entries);

    /**
     * Whether saving {@code next} and {@code entries} over a stored {@code stored} hard state
     * must sync before returning: for any entry, and for a new term or vote, which a node must
     * never forget (it could vote twice in a term).
     */
    static boolean needsSync(HardState stored, HardState next, List<Entry> entries) {
        return !entries.isEmpty() || (next != null && (next.term() != stored.term()
                || next.votedFor() != stored.votedFor()));
    }

    /**
     * Log compaction (Raft §7): stores a snapshot of this node's own state machine, taken at
     * an applied index (so the log holds that entry with that term), then drops the entries up
     * to it and frees their space. The entries after it stay.
     */
    void saveSnapshot(Snapshot snapshot);

    /**
     * Stores a snapshot received from the leader in place of the whole log: no entry stored so
     * far is recovered any more. The snapshot is newer than the one stored.
     */
    void installSnapshot(Snapshot snapshot);

    /**
     * Checks that what was saved is still where a restart will look for it: a data dir deleted
     * under a running node would otherwise take writes into files nobody can find again, and
     * the node would acknowledge and vote on a log it has already lost. Cheap (a stat or so),
     * for calling about once a second; a save that syncs checks the same by itself.
     *
     * @throws StorageException naming what is gone; the storage is unusable from then on
     */
    default void checkIntact() {
        // Memory cannot be deleted from under the node.
    }

    @Override
    void close();
}
