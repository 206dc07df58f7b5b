package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import java.util.ArrayList;
import java.util.List;

/** What survives a simulated crash: the hard state and log a node persisted. */
final class SimDisk {

    HardState hardState = HardState.INITIAL;
    final List<Entry> entries = new ArrayList<>();

    long lastIndex() {
        return entries.size();
    }

    Entry entry(long index) {
        return entries.get((int) (index - 1));
    }
}
