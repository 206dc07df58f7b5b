package io.raftdeck.launcher.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The committed log merged from many reads of many nodes: each index with the entry first
 * seen there, and every index where a node showed a different entry. Committed entries never
 * change, so two different ones at one index are a violation of state machine safety.
 * It grows with the run, as the history does: one entry per committed index seen.
 */
final class CommittedLog {

    /** Conflicts kept with their details; more are only counted. */
    static final int MAX_CONFLICTS_KEPT = 100;

    /** One committed entry as a node's GetLog rendered it. */
    record Entry(long term, String command) {
    }

    /** Two nodes showing different committed entries at one index. */
    record Conflict(long index, int firstNode, Entry first, int otherNode, Entry other) {
        @Override
        public String toString() {
            return "log conflict at committed index " + index + ": node " + firstNode
                    + " has term " + first.term() + " \"" + first.command() + "\", node "
                    + otherNode + " has term " + other.term() + " \"" + other.command() + "\"";
        }
    }

    private record Seen(int node, Entry entry) {
    }

    private final Map<Long, Seen> entries = new HashMap<>();
    private final Set<Long> conflictIndexes = new HashSet<>();
    private final List<Conflict> conflicts = new ArrayList<>();
    private long highestIndex;

    /** Adds what {@code node} showed as committed at {@code index}. */
    synchronized void merge(int node, long index, long term, String command) {
        Entry entry = new Entry(term, command);
        Seen first = entries.putIfAbsent(index, new Seen(node, entry));
        highestIndex = Math.max(highestIndex, index);
        // One conflict per index: the same pair shows up again in every later read.
        if (first != null && !first.entry().equals(entry) && conflictIndexes.add(index)
                && conflicts.size() < MAX_CONFLICTS_KEPT) {
            conflicts.add(new Conflict(index, first.node(), first.entry(), node, entry));
        }
    }

    /** Every index seen, with its command text, in index order. */
    synchronized SortedMap<Long, String> commands() {
        SortedMap<Long, String> commands = new TreeMap<>();
        entries.forEach((index, seen) -> commands.put(index, seen.entry().command()));
        return commands;
    }

    synchronized long highestIndex() {
        return highestIndex;
    }

    synchronized int size() {
        return entries.size();
    }

    /** The first {@value #MAX_CONFLICTS_KEPT} conflicts found, in the order found. */
    synchronized List<Conflict> conflicts() {
        return List.copyOf(conflicts);
    }

    /** How many indexes have conflicting entries, kept or not. */
    synchronized int conflictCount() {
        return conflictIndexes.size();
    }
}
