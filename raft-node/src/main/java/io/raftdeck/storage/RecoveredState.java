package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.util.List;
import java.util.Objects;

/**
 * What a node reads back from storage on start: its hard state, the latest snapshot of its
 * state machine ({@link Snapshot#NONE} when there is none) and the log entries after it, in
 * index order.
 */
public record RecoveredState(HardState hardState, Snapshot snapshot, List<Entry> entries) {

    public RecoveredState {
        Objects.requireNonNull(hardState, "hardState");
        Objects.requireNonNull(snapshot, "snapshot (use Snapshot.NONE)");
        entries = List.copyOf(entries);
        if (!entries.isEmpty() && entries.get(0).index() != snapshot.index() + 1) {
            throw new IllegalArgumentException("recovered entries start at "
                    + entries.get(0).index() + ", not right after the snapshot at "
                    + snapshot.index());
        }
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).index() != entries.get(i - 1).index() + 1) {
                throw new IllegalArgumentException("recovered entries are not consecutive at "
                        + entries.get(i).index());
            }
        }
    }

    /** A log that starts at index 1, without a snapshot. */
    public RecoveredState(HardState hardState, List<Entry> entries) {
        this(hardState, Snapshot.NONE, entries);
    }

    public static RecoveredState empty() {
        return new RecoveredState(HardState.INITIAL, List.of());
    }
}
