package io.raftdeck.node;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.storage.RaftStorage;
import io.raftdeck.storage.RecoveredState;
import io.raftdeck.storage.StorageException;
import java.util.ArrayList;
import java.util.List;

/** A test twin of the WAL that keeps everything in memory and can be told to fail. */
final class InMemoryStorage implements RaftStorage {

    private HardState hardState = HardState.INITIAL;
    private final List<Entry> entries = new ArrayList<>();
    private volatile String failWith;
    private volatile int saves;

    @Override
    public RecoveredState recover() {
        return new RecoveredState(hardState, entries);
    }

    @Override
    public synchronized void save(HardState hardState, List<Entry> newEntries) {
        if (failWith != null) {
            throw new StorageException(failWith);
        }
        if (hardState != null) {
            this.hardState = hardState;
        }
        if (!newEntries.isEmpty()) {
            long first = newEntries.get(0).index();
            while (entries.size() >= first) {
                entries.remove(entries.size() - 1);
            }
            entries.addAll(newEntries);
        }
        saves++;
    }

    /** Makes every later save fail as a failed fsync would. */
    void failSaves(String message) {
        failWith = message;
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    int saves() {
        return saves;
    }

    @Override
    public void close() {
    }
}
