package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Entries for storage tests, each carrying a command that names its index and term. */
final class TestEntries {

    private TestEntries() {
    }

    static Entry entry(long index, long term) {
        return Entry.command(index, term, ("set k" + index + " v" + term)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Entries {@code from..to} inclusive, all of {@code term}. */
    static List<Entry> entries(long from, long to, long term) {
        List<Entry> entries = new ArrayList<>();
        for (long index = from; index <= to; index++) {
            entries.add(entry(index, term));
        }
        return entries;
    }
}
