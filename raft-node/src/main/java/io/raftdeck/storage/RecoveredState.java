package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import java.util.List;

/** What a node reads back from storage on start: its hard state and its log, in index order. */
public record RecoveredState(HardState hardState, List<Entry> entries) {

    public RecoveredState {
        entries = List.copyOf(entries);
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).index() != entries.get(i - 1).index() + 1) {
                throw new IllegalArgumentException("recovered entries are not consecutive at "
                        + entries.get(i).index());
            }
        }
    }

    public static RecoveredState empty() {
        return new RecoveredState(HardState.INITIAL, List.of());
    }
}
