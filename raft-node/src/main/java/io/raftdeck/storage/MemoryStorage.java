package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.util.List;

/**
 * The in-memory twin of {@link DiskStorage} for tests and simulation: the same save
 * semantics and the same checks, with nothing on disk. Everything saved is "durable" for as
 * long as this object lives, so a simulated crash is {@link #reopen()}: the dead node's handle
 * stops working and the restarted node gets a fresh handle on what was saved.
 */
public final class MemoryStorage implements RaftStorage {

    /** What every handle on one simulated disk shares. */
    private static final class Disk {
        final LogImage image = new LogImage();
        Snapshot snapshot = Snapshot.NONE;
    }

    private final Disk disk;
    private boolean closed;

    public MemoryStorage() {
        this(new Disk());
    }

    private MemoryStorage(Disk disk) {
        this.disk = disk;
    }

    /** Unlike the WAL this may be called at any time: it reports what has been saved. */
    @Override
    public synchronized RecoveredState recover() {
        requireOpen();
        return disk.image.toRecoveredState(disk.snapshot.data());
    }

    @Override
    public synchronized boolean save(HardState hardState, List<Entry> entries) {
        requireOpen();
        LogImage image = disk.image;
        SaveRules.check(image.snapshotIndex(), image.lastIndex(),
                image.hardState().commitIndex(), hardState, entries);
        boolean synced = RaftStorage.needsSync(image.hardState(), hardState, entries);
        // Same order as the WAL writes its records: entries first, then the hard state.
        for (Entry entry : entries) {
            image.put(entry);
        }
        if (hardState != null) {
            image.setHardState(hardState);
        }
        return synced;
    }

    @Override
    public synchronized void saveSnapshot(Snapshot snapshot) {
        store(snapshot, false);
    }

    @Override
    public synchronized void installSnapshot(Snapshot snapshot) {
        store(snapshot, true);
    }

    private void store(Snapshot snapshot, boolean replacesLog) {
        requireOpen();
        LogImage image = disk.image;
        SaveRules.checkSnapshot(image.snapshotIndex(), image.lastIndex(),
                image.hardState().commitIndex(), image.termAt(snapshot.index()), snapshot,
                replacesLog);
        image.apply(new SnapshotMarker(snapshot.index(), snapshot.term(), replacesLog));
        disk.snapshot = snapshot;
    }

    /**
     * Simulates a crash and restart: closes this handle (a write from the dead node would be a
     * bug) and returns a new one holding everything saved so far.
     */
    public synchronized MemoryStorage reopen() {
        closed = true;
        return new MemoryStorage(disk);
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
