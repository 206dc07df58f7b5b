package io.raftdeck.node;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import io.raftdeck.storage.MemoryStorage;
import io.raftdeck.storage.RaftStorage;
import io.raftdeck.storage.RecoveredState;
import io.raftdeck.storage.StorageException;
import java.util.List;

/** The in-memory storage twin, plus a switch that makes saves fail as a failed fsync would. */
final class FailingStorage implements RaftStorage {

    private final MemoryStorage storage = new MemoryStorage();
    private volatile String failWith;
    private volatile Error errorOnSave;

    @Override
    public RecoveredState recover() {
        return storage.recover();
    }

    @Override
    public boolean save(HardState hardState, List<Entry> entries) {
        if (errorOnSave != null) {
            throw errorOnSave;
        }
        if (failWith != null) {
            throw new StorageException(failWith);
        }
        return storage.save(hardState, entries);
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        if (failWith != null) {
            throw new StorageException(failWith);
        }
        storage.saveSnapshot(snapshot);
    }

    @Override
    public void installSnapshot(Snapshot snapshot) {
        if (failWith != null) {
            throw new StorageException(failWith);
        }
        storage.installSnapshot(snapshot);
    }

    /** Makes every later save throw {@code error}, as a save that ran out of memory would. */
    void throwOnSave(Error error) {
        errorOnSave = error;
    }

    /** Makes every later save fail. */
    void failSaves(String message) {
        failWith = message;
    }

    /** Everything saved so far. */
    List<Entry> entries() {
        return storage.recover().entries();
    }

    @Override
    public void close() {
        storage.close();
    }
}
