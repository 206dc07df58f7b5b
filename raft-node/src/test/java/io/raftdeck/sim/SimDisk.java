package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * What survives a simulated crash: the hard state, the latest snapshot and the log entries
 * after it, as a node persisted them.
 */
final class SimDisk {

    HardState hardState = HardState.INITIAL;
    Snapshot snapshot = Snapshot.NONE;
    /** The entries after {@code snapshot.index()}, in order. */
    final List<Entry> entries = new ArrayList<>();

    long lastIndex() {
        return snapshot.index() + entries.size();
    }

    /** The entry at {@code index}, which must be after the snapshot and at most lastIndex. */
    Entry entry(long index) {
        return entries.get((int) (index - snapshot.index() - 1));
    }

    /** Whether the entry at {@code index} is held as an entry (not compacted, not missing). */
    boolean holds(long index) {
        return index > snapshot.index() && index <= lastIndex();
    }

    /** The term at {@code index}: the snapshot's for its own index. */
    long term(long index) {
        return index == snapshot.index() ? snapshot.term() : entry(index).term();
    }

    /** Stores a snapshot of this node's own applied state: the entries up to it go. */
    void compact(Snapshot newer) {
        entries.subList(0, (int) (newer.index() - snapshot.index())).clear();
        snapshot = newer;
    }

    /** Stores a snapshot from the leader in place of the whole log. */
    void install(Snapshot installed) {
        entries.clear();
        snapshot = installed;
    }
}
