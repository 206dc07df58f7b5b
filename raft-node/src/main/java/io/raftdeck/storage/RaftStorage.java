package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import java.io.IOException;
import java.util.List;

/**
 * Durable home of a node's Raft log and hard state (term, vote, commit).
 *
 * <p>Durability promise: when {@link #save} returns normally, everything passed to it survives
 * a crash of the process or machine. An implementation that cannot keep that promise (a failed
 * write or fsync) throws {@link StorageException} and must not be used again: a failed fsync
 * is never retried, because the kernel may have dropped the dirty pages already.
 */
public interface RaftStorage extends AutoCloseable {

    /** Reads back everything saved so far. Called once, before the first {@link #save}. */
    RecoveredState recover() throws IOException;

    /**
     * Persists a batch with a single fsync. {@code hardState} may be null (unchanged).
     * {@code entries} are consecutive; the first one replaces every stored entry at or after its
     * index (a follower truncating a conflicting suffix), then all are appended.
     */
    void save(HardState hardState, List<Entry> entries);

    @Override
    void close();
}
