package io.raftdeck.node;

import io.raftdeck.core.Entry;
import io.raftdeck.statemachine.RenderedEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest entries of the log, already rendered, for the status snapshot. Rendering happens
 * once per entry: an entry still in the tail at the same (index, term) keeps its rendering.
 */
final class LogTail {

    /** Entries kept; the status API may ask for fewer, never more. */
    static final int CAPACITY = 64;
    /** Longest rendered command in the tail; the dashboard shows one line per entry. */
    static final int MAX_COMMAND_CHARS = 120;

    private List<RenderedEntry> published = List.of();

    /** Replaces the tail with {@code newest}, the last entries of the log in index order. */
    void update(List<Entry> newest) {
        Map<Long, RenderedEntry> previous = new HashMap<>();
        for (RenderedEntry entry : published) {
            previous.put(entry.index(), entry);
        }
        List<RenderedEntry> next = new ArrayList<>(Math.min(CAPACITY, newest.size()));
        for (Entry entry : newest.subList(Math.max(0, newest.size() - CAPACITY), newest.size())) {
            RenderedEntry known = previous.get(entry.index());
            next.add(known != null && known.term() == entry.term()
                    ? known : RenderedEntry.of(entry, MAX_COMMAND_CHARS));
        }
        published = List.copyOf(next);
    }

    /** The tail in index order, immutable. */
    List<RenderedEntry> entries() {
        return published;
    }
}
