package io.raftdeck.history;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The committed log as far as it was seen, over the span of indexes a history's appends can
 * occupy: some indexes with their command text, the others unseen (gaps: compacted before
 * anyone read them, or never read). Entries outside the span are left out, so a log that
 * holds an earlier run's commands can still be checked.
 *
 * @param firstIndex the first index the appends can occupy (>= 1)
 * @param lastIndex  the last; at least the commit index when the last OK append completed,
 *                   so that every acknowledged append lies inside; firstIndex - 1 when empty
 * @param commands   index to command text, only committed entries, within the span
 */
public record ObservedLog(long firstIndex, long lastIndex, SortedMap<Long, String> commands) {

    public ObservedLog {
        if (firstIndex < 1 || lastIndex < firstIndex - 1) {
            throw new IllegalArgumentException("log span " + firstIndex + ".." + lastIndex
                    + " is not a span of indexes from 1");
        }
        TreeMap<Long, String> span = new TreeMap<>();
        if (lastIndex >= firstIndex) {
            span.putAll(new TreeMap<>(commands).subMap(firstIndex, true, lastIndex, true));
        }
        commands = Collections.unmodifiableSortedMap(span);
    }

    /** The committed entries seen, each index with its command; more may lie outside. */
    public static ObservedLog of(long firstIndex, long lastIndex, Map<Long, String> entries) {
        return new ObservedLog(firstIndex, lastIndex, new TreeMap<>(entries));
    }

    /** How many indexes the span has. */
    public long spanIndexes() {
        return lastIndex - firstIndex + 1;
    }

    /** How many of them were seen. */
    public long observedIndexes() {
        return commands.size();
    }

    public boolean hasGaps() {
        return observedIndexes() < spanIndexes();
    }

    /** Whether {@code index} is in the span and was seen. */
    public boolean covers(long index) {
        return commands.containsKey(index);
    }
}
