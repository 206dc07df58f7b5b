package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a log for a scenario as runs of entries of one term. An entry's payload names its
 * index and term, so entries at the same index and term are equal on every node (Log Matching).
 */
final class ScenarioLog {

    private final List<Entry> entries = new ArrayList<>();

    /** Appends {@code count} entries of {@code term}. */
    ScenarioLog run(long term, int count) {
        for (int i = 0; i < count; i++) {
            long index = entries.size() + 1;
            entries.add(Entry.command(index, term,
                    (index + "@" + term).getBytes(StandardCharsets.UTF_8)));
        }
        return this;
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }
}
