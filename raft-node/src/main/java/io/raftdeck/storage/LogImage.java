package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import java.util.ArrayList;
import java.util.List;

/**
 * A log and hard state held as plain objects: what {@link MemoryStorage} keeps, and what WAL
 * replay rebuilds record by record. Both apply the same "an entry replaces its index and
 * everything after it" rule here, so the two storages cannot drift apart.
 */
final class LogImage {

    private final ArrayList<Entry> entries = new ArrayList<>();
    private HardState hardState = HardState.INITIAL;

    /** Index of the last entry, 0 when the log is empty (the log starts at index 1). */
    long lastIndex() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).index();
    }

    HardState hardState() {
        return hardState;
    }

    void setHardState(HardState hardState) {
        this.hardState = hardState;
    }

    /**
     * Drops every entry at or after {@code entry.index()}, then appends it. The caller has
     * checked {@code entry.index() <= lastIndex() + 1}: a gap would break index order.
     */
    void put(Entry entry) {
        if (entry.index() > lastIndex() + 1) {
            throw new IllegalStateException("entry " + entry.index() + " leaves a gap after "
                    + lastIndex());
        }
        long firstIndex = entries.isEmpty() ? entry.index() : entries.get(0).index();
        int keep = (int) (entry.index() - firstIndex);
        entries.subList(keep, entries.size()).clear();
        entries.add(entry);
    }

    RecoveredState toRecoveredState() {
        return new RecoveredState(hardState, List.copyOf(entries));
    }
}
