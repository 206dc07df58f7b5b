package io.raftdeck.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.raftdeck.core.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTailTest {

    private static List<Entry> log(long first, long last, long term) {
        List<Entry> entries = new ArrayList<>();
        for (long index = first; index <= last; index++) {
            entries.add(Entry.command(index, term, ("c" + index).getBytes(StandardCharsets.UTF_8)));
        }
        return entries;
    }

    @Test
    void keepsTheNewestEntriesRendered() {
        // Proves the tail holds at most CAPACITY entries, the newest, in order and rendered.
        LogTail tail = new LogTail();
        tail.update(log(1, 100, 1));
        assertEquals(LogTail.CAPACITY, tail.entries().size());
        assertEquals(100 - LogTail.CAPACITY + 1, tail.entries().get(0).index());
        assertEquals("c100", tail.entries().get(LogTail.CAPACITY - 1).command());
    }

    @Test
    void rendersEachEntryOnceWhenReadAndFollowsNewTerms() {
        // Proves an entry is rendered when first read and then kept for that tail, and that
        // an update replacing an entry with another term shows the new one.
        LogTail tail = new LogTail();
        tail.update(log(1, 3, 1));
        List<io.raftdeck.statemachine.RenderedEntry> view = tail.entries();
        assertSame(view.get(0), view.get(0));
        List<Entry> next = new ArrayList<>(log(1, 2, 1));
        next.add(Entry.noop(3, 2));
        tail.update(next);
        assertEquals("c3", view.get(2).command(), "an earlier view never changes");
        assertEquals("(noop)", tail.entries().get(2).command());
        assertEquals(2, tail.entries().get(2).term());
    }
}
