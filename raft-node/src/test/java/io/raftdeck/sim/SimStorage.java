package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import io.raftdeck.storage.RaftStorage;
import io.raftdeck.storage.RecoveredState;
import java.util.List;

/**
 * A simulated node's {@link RaftStorage}: its {@link SimDisk}, which outlives the node's loop.
 * A save is on the disk when it returns, as the durability promise says; a crash loses only
 * what was never saved. Everything about to be written is checked first ({@link
 * SafetyChecker}: Log Matching, Durability, snapshot positions), and {@link Listener#beforeWrite}
 * may crash the node right before a write.
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
    private final SimDisk disk;
    private final SafetyChecker checker;
    private final Listener listener;

    SimStorage(int nodeId, SimDisk disk, SafetyChecker checker, Listener listener) {
        this.nodeId = nodeId;
        this.disk = disk;
        this.checker = checker;
        this.listener = listener;
    }

    @Override
    public RecoveredState recover() {
        return new RecoveredState(disk.hardState, disk.snapshot, disk.entries);
    }

    @Override
    public boolean save(HardState hardState, List<Entry> entries) {
        listener.beforeWrite();
        checker.beforePersist(nodeId, disk, entries);
        boolean synced = RaftStorage.needsSync(disk.hardState, hardState, entries);
        if (hardState != null) {
            disk.hardState = hardState;
        }
        if (!entries.isEmpty()) {
            long first = entries.get(0).index();
            if (first <= disk.snapshot.index()) {
                throw new IllegalStateException("entry " + first + " rewrites the snapshot at "
                        + disk.snapshot.index());
            }
            while (disk.lastIndex() >= first) {
                disk.entries.remove(disk.entries.size() - 1);
            }
            disk.entries.addAll(entries);
        }
        return synced;
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        checker.onSnapshot(nodeId, snapshot);
        disk.compact(snapshot);
        listener.snapshotTaken(snapshot);
    }

    @Override
    public void installSnapshot(Snapshot snapshot) {
        checker.onInstall(nodeId, snapshot, SimStateMachine.decode(snapshot.data()));
        disk.install(snapshot);
        listener.snapshotInstalled(snapshot);
    }

    @Override
    public void close() {
        // The disk outlives the node: a restart reads it again.
    }
}
