package io.raftdeck.node;

import io.raftdeck.core.Entry;
import io.raftdeck.statemachine.RenderedEntry;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The newest entries of the log, for the status snapshot. Rendering an entry for people
 * (decoding its command) costs more than replicating it, and the tail changes on every write
 * while someone looks at it a few times a second at most: so the loop only keeps the entries,
 * and each is rendered when a status call first reads it.
 */
final class LogTail {

    /** Entries kept; the status API may ask for fewer, never more. */
    static final int CAPACITY = 64;
    /** Longest rendered command in the tail; the dashboard shows one line per entry. */
    static final int MAX_COMMAND_CHARS = 120;

    private List<RenderedEntry> published = List.of();

    /** Replaces the tail with {@code newest}, the last entries of the log in index order. */
    void update(List<Entry> newest) {
        published = new Rendered(List.copyOf(
                newest.subList(Math.max(0, newest.size() - CAPACITY), newest.size())));
    }

    /** The tail in index order, immutable; rendered as it is read, from any thread. */
    List<RenderedEntry> entries() {
        return published;
    }

    /** Immutable; renders each entry once, on first read (racing readers render it alike). */
    private static final class Rendered extends AbstractList<RenderedEntry>
            implements RandomAccess {

        private final List<Entry> entries;
        private final AtomicReferenceArray<RenderedEntry> rendered;

        Rendered(List<Entry> entries) {
            this.entries = entries;
            this.rendered = new AtomicReferenceArray<>(entries.size());
        }

        @Override
        public RenderedEntry get(int index) {
            RenderedEntry known = rendered.get(index);
            if (known == null) {
                known = RenderedEntry.of(entries.get(index), MAX_COMMAND_CHARS);
                rendered.set(index, known);
            }
            return known;
        }

        @Override
        public int size() {
            return entries.size();
        }
    }
}
