package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import java.util.List;

/**
 * The in-memory twin of {@link WriteAheadLog} for tests and simulation: the same save
 * semantics and the same checks, with nothing on disk. Everything saved is "durable" for as
 * long as this object lives, so a simulated crash is {@link #reopen()}: the dead node's handle
 * stops working and the restarted node gets a fresh handle on what was saved.
 */
public final class MemoryStorage implements RaftStorage {

    private final LogImage image;
    private boolean closed;

    public MemoryStorage() {
        this(new LogImage());
    }

    private MemoryStorage(LogImage image) {
        this.image = image;
    }

    /** Unlike the WAL this may be called at any time: it reports what has been saved. */
    @Override
    public synchronized RecoveredState recover() {
        requireOpen();
        return image.toRecoveredState();
    }

    @Override
    public synchronized void save(HardState hardState, List<Entry> entries) {
        requireOpen();
        SaveRules.check(image.lastIndex(), image.hardState().commitIndex(), hardState, entries);
        // Same order as the WAL writes its records: entries first, then the hard state.
        for (Entry entry : entries) {
            image.put(entry);
        }
        if (hardState != null) {
            image.setHardState(hardState);
        }
    }

    /**
     * Simulates a crash and restart: closes this handle (a write from the dead node would be a
     * bug) and returns a new one holding everything saved so far.
     */
    public synchronized MemoryStorage reopen() {
        closed = true;
        return new MemoryStorage(image);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("memory storage is closed");
        }
    }
}
