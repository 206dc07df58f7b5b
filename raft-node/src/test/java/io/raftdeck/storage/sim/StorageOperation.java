package io.raftdeck.storage.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import io.raftdeck.storage.RaftStorage;
import java.util.List;

/** One call a node makes on its storage: a save, a compaction or an installed snapshot. */
record StorageOperation(HardState hardState, List<Entry> entries, Snapshot snapshot,
                        boolean replacesLog) {

    static StorageOperation save(HardState hardState, List<Entry> entries) {
        return new StorageOperation(hardState, entries, null, false);
    }

    static StorageOperation snapshot(Snapshot snapshot, boolean replacesLog) {
        return new StorageOperation(null, List.of(), snapshot, replacesLog);
    }

    boolean isSnapshot() {
        return snapshot != null;
    }

    /** @return whether the storage promised durability (a commit-only save need not) */
    boolean applyTo(RaftStorage storage) {
        if (!isSnapshot()) {
            return storage.save(hardState, entries);
        }
        if (replacesLog) {
            storage.installSnapshot(snapshot);
        } else {
            storage.saveSnapshot(snapshot);
        }
        return true;
    }

    @Override
    public String toString() {
        if (isSnapshot()) {
            return (replacesLog ? "install " : "compact at ") + snapshot.index() + "@"
                    + snapshot.term();
        }
        String range = entries.isEmpty() ? "no entries" : "entries " + entries.get(0).index()
                + ".." + entries.get(entries.size() - 1).index() + "@"
                + entries.get(entries.size() - 1).term();
        return "save " + range + (hardState == null ? "" : " " + hardState);
    }
}
