package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.util.List;

/**
 * Mutation (d), on the simulator's storage model until the real WAL runs over a simulated file
 * system (branch {@code disk}), where it belongs as the WAL skipping its fsync: a save that
 * acknowledges without being durable. The save stays in the page cache, written back to the
 * disk only when the next save comes; a crash before that loses it, as a power cut loses
 * unsynced writes.
 */
final class UnsyncedSaveMutation implements SimMutation {

    @Override
    public NodeWiring wire(int nodeId, SimStorage storage, SimStateMachine stateMachine) {
        return new NodeWiring(new PageCache(storage), stateMachine);
    }

    /** The latest save, not yet on the disk. */
    private static final class PageCache extends ForwardingStorage {
        private HardState cachedHardState;
        private List<Entry> cachedEntries;

        PageCache(SimStorage disk) {
            super(disk);
        }

        @Override
        public boolean save(HardState hardState, List<Entry> entries) {
            writeBack();
            cachedHardState = hardState;
            cachedEntries = List.copyOf(entries);
            return true;
        }

        @Override
        public void saveSnapshot(Snapshot snapshot) {
            writeBack();
            super.saveSnapshot(snapshot);
        }

        @Override
        public void installSnapshot(Snapshot snapshot) {
            writeBack();
            super.installSnapshot(snapshot);
        }

        private void writeBack() {
            if (cachedEntries != null) {
                delegate.save(cachedHardState, cachedEntries);
                cachedEntries = null;
                cachedHardState = null;
            }
        }
    }
}
