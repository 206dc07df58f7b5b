package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import io.raftdeck.storage.RaftStorage;
import io.raftdeck.storage.RecoveredState;
import java.io.IOException;
import java.util.List;

/**
 * A simulated node's {@link RaftStorage}: the real one (a {@code DiskStorage} on the node's
 * simulated disk), with everything about to be written checked first ({@link SafetyChecker}:
 * Log Matching, Durability, snapshot positions) against the record of what the node's disk
 * holds ({@link SimDisk}), which it keeps from what each call saved once the call returned.
 * {@link Listener#beforeWrite} may crash the node right before a write.
 */
final class SimStorage implements RaftStorage {

    /** What the simulator hears from a node's storage. */
    interface Listener {
        /** A save with entries or a new hard state is about to write; may throw a SimCrash. */
        void beforeWrite();

        /** The node stored a snapshot of its own state and compacted its log. */
        void snapshotTaken(Snapshot snapshot);

        /** The node stored a snapshot from the leader in place of its log. */
        void snapshotInstalled(Snapshot snapshot);
    }

    private final int nodeId;
    private final RaftStorage storage;
    private final SimDisk disk;
    private final SafetyChecker checker;
    private final Listener listener;

    /** @param storage the node's real storage, recovered already into {@code disk} */
    SimStorage(int nodeId, RaftStorage storage, SimDisk disk, SafetyChecker checker,
               Listener listener) {
        this.nodeId = nodeId;
        this.storage = storage;
        this.disk = disk;
        this.checker = checker;
        this.listener = listener;
    }

    @Override
    public RecoveredState recover() throws IOException {
        return storage.recover();
    }

    @Override
    public boolean save(HardState hardState, List<Entry> entries) {
        listener.beforeWrite();
        checker.beforePersist(nodeId, disk, entries);
        disk.saving(hardState, entries);
        boolean synced = storage.save(hardState, entries);
        disk.saved(hardState, entries, synced);
        return synced;
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        checker.onSnapshot(nodeId, snapshot);
        disk.storing(snapshot, false);
        storage.saveSnapshot(snapshot);
        disk.compact(snapshot);
        listener.snapshotTaken(snapshot);
    }

    @Override
    public void installSnapshot(Snapshot snapshot) {
        checker.onInstall(nodeId, snapshot, SimStateMachine.decode(snapshot.data()));
        disk.storing(snapshot, true);
        storage.installSnapshot(snapshot);
        disk.install(snapshot);
        listener.snapshotInstalled(snapshot);
    }

    @Override
    public void checkIntact() {
        storage.checkIntact();
    }

    @Override
    public void close() {
        storage.close();
    }
}
