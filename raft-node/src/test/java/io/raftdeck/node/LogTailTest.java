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
    void reusesRenderingsOnlyForTheSameEntry() {
        // Proves an unchanged (index, term) keeps its rendering and a new term re-renders.
        LogTail tail = new LogTail();
        tail.update(log(1, 3, 1));
        var first = tail.entries().get(0);
        List<Entry> next = new ArrayList<>(log(1, 2, 1));
        next.add(Entry.noop(3, 2));
        tail.update(next);
        assertSame(first, tail.entries().get(0));
        assertEquals("(noop)", tail.entries().get(2).command());
    }
}
