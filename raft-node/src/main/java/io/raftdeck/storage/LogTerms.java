package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import java.util.ArrayList;
import java.util.List;

/**
 * The WAL's summary of the stored log, without the entries: where it starts (the snapshot),
 * where it ends, and the term of every entry as runs of equal terms. Terms change only with
 * elections, so this stays tiny while it lets the WAL check a compaction against the log
 * before writing it, as the in-memory twin does.
 */
final class LogTerms {

    private record Run(long firstIndex, long term) {
    }

    private final List<Run> runs = new ArrayList<>();
    private long snapshotIndex;
    private long snapshotTerm;
    private long lastIndex;

    /** The stored log as recovered: a snapshot and the entries after it. */
    LogTerms(long snapshotIndex, long snapshotTerm, List<Entry> entries) {
        this.snapshotIndex = snapshotIndex;
        this.snapshotTerm = snapshotTerm;
        this.lastIndex = snapshotIndex;
        append(entries);
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    long lastIndex() {
        return lastIndex;
    }

    /** The term at {@code index}: the snapshot's at its own index, -1 where nothing is held. */
    long termAt(long index) {
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        if (index < snapshotIndex || index > lastIndex) {
            return -1;
        }
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (runs.get(i).firstIndex <= index) {
                return runs.get(i).term;
            }
        }
        throw new IllegalStateException("no term run covers " + index);
    }

    /** A saved batch: its first entry replaces the stored suffix from its index on. */
    void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long first = entries.get(0).index();
        runs.removeIf(run -> run.firstIndex >= first);
        for (Entry entry : entries) {
            if (runs.isEmpty() || runs.get(runs.size() - 1).term != entry.term()) {
                runs.add(new Run(entry.index(), entry.term()));
            }
        }
        lastIndex = entries.get(entries.size() - 1).index();
    }

    /** A compaction: the log now starts after (index, term); the entries after it stay. */
    void compact(long index, long term) {
        if (index < lastIndex) {
            long next = termAt(index + 1);
            runs.removeIf(run -> run.firstIndex <= index + 1);
            runs.add(0, new Run(index + 1, next));
        } else {
            runs.clear();
        }
        snapshotIndex = index;
        snapshotTerm = term;
    }

    /** An installed snapshot: the log is just (index, term) now. */
    void install(long index, long term) {
        runs.clear();
        snapshotIndex = index;
        snapshotTerm = term;
        lastIndex = index;
    }
}
