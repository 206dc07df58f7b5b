package io.raftdeck.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The core's in-memory view of the Raft log, with the indexes that matter for durability:
 * <pre>
 *   applied <= committed <= lastIndex               (always)
 *   snapshotIndex <= committed                      (a snapshot holds only committed state)
 *   snapshotIndex <= applied, unless a snapshot install waits in the next Ready
 *   entries at or after unstableFrom have not been handed to storage yet
 * </pre>
 * The entries before {@code snapshotIndex + 1} were compacted into a snapshot (Raft §7): only
 * the term of the last one is still known. Index 0 is the empty prefix with term 0, so every
 * real index is >= 1.
 */
final class RaftLog {

    private final ArrayList<Entry> entries = new ArrayList<>();
    private long snapshotIndex;
    private long snapshotTerm;
    private long committed;
    private long applied;
    private long unstableFrom;

    /** A log recovered from storage: all of it is already durable. */
    RaftLog(List<Entry> recovered, long committed) {
        this(0, 0, recovered, committed);
    }

    /**
     * A log recovered from storage that starts after a snapshot at (snapshotIndex,
     * snapshotTerm), whose state the caller has restored: applying continues after it.
     */
    RaftLog(long snapshotIndex, long snapshotTerm, List<Entry> recovered, long committed) {
        if (snapshotIndex < 0 || snapshotTerm < 0 || (snapshotIndex == 0) != (snapshotTerm == 0)) {
            throw new IllegalArgumentException("invalid recovered snapshot " + snapshotIndex
                    + "@" + snapshotTerm);
        }
        long expected = snapshotIndex + 1;
        for (Entry entry : recovered) {
            if (entry.index() != expected) {
                throw new IllegalArgumentException("recovered log has index " + entry.index()
                        + " where " + expected + " was expected");
            }
            expected++;
        }
        this.snapshotIndex = snapshotIndex;
        this.snapshotTerm = snapshotTerm;
        entries.addAll(recovered);
        if (!recovered.isEmpty() && recovered.get(0).term() < snapshotTerm) {
            throw new IllegalArgumentException("recovered entry " + recovered.get(0)
                    + " is older than the snapshot's term " + snapshotTerm);
        }
        // A snapshot holds committed state only, so a commit index behind it is just stale.
        long recoveredCommit = Math.max(committed, snapshotIndex);
        if (recoveredCommit > lastIndex()) {
            throw new IllegalArgumentException("recovered commit index " + committed
                    + " is past the last log index " + lastIndex());
        }
        this.committed = recoveredCommit;
        this.applied = snapshotIndex;
        this.unstableFrom = lastIndex() + 1;
    }

    long lastIndex() {
        return snapshotIndex + entries.size();
    }

    /** The first index still held as an entry (one past the snapshot). */
    long firstIndex() {
        return snapshotIndex + 1;
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    long snapshotTerm() {
        return snapshotTerm;
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /**
     * The term of the entry at {@code index}; 0 for index 0; -1 when the log is shorter or the
     * entry was compacted into the snapshot (its term is no longer known).
     */
    long term(long index) {
        if (index == 0) {
            return 0;
        }
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        if (index < snapshotIndex || index > lastIndex()) {
            return -1;
        }
        return entry(index).term();
    }

    boolean matchTerm(long index, long term) {
        return term(index) == term;
    }

    Entry entry(long index) {
        return entries.get((int) (index - snapshotIndex - 1));
    }

    long committed() {
        return committed;
    }

    long applied() {
        return applied;
    }

    /** The last index the caller has made durable. */
    long stableIndex() {
        return unstableFrom - 1;
    }

    /** Raft §5.4.1: is a log ending at (lastIndex, lastTerm) at least as up-to-date as ours? */
    boolean isUpToDate(long otherLastIndex, long otherLastTerm) {
        long ourLastTerm = lastTerm();
        return otherLastTerm > ourLastTerm
                || (otherLastTerm == ourLastTerm && otherLastIndex >= lastIndex());
    }

    /**
     * First index of the run of entries with the same term as the entry at {@code index}, not
     * looking past the snapshot.
     */
    long firstIndexOfTermAt(long index) {
        long term = term(index);
        long first = index;
        while (first > firstIndex() && term(first - 1) == term) {
            first--;
        }
        return first;
    }

    /** The last index whose entry has {@code term}, or 0 when the log holds none. */
    long lastIndexOfTerm(long term) {
        for (long index = lastIndex(); index >= Math.max(1, snapshotIndex); index--) {
            long entryTerm = term(index);
            if (entryTerm == term) {
                return index;
            }
            if (entryTerm < term) {
                return 0;
            }
        }
        return 0;
    }

    /** Appends at the end (leader). */
    void append(Entry entry) {
        if (entry.index() != lastIndex() + 1) {
            throw new IllegalStateException("append of " + entry + " after last index "
                    + lastIndex());
        }
        entries.add(entry);
    }

    /**
     * Follower side of AppendEntries (Raft §5.3 step 3 and 4): entries that already match are
     * kept, the first conflicting one truncates the log from there, the rest are appended.
     * Returns the index of the last entry given.
     */
    long appendFromLeader(long prevLogIndex, List<Entry> newEntries) {
        long index = prevLogIndex;
        for (Entry entry : newEntries) {
            index = entry.index();
            if (index <= lastIndex()) {
                if (term(index) == entry.term()) {
                    continue;
                }
                truncateFrom(index);
            }
            entries.add(entry);
        }
        return index;
    }

    private void truncateFrom(long index) {
        // Committed entries are on a majority and every future leader holds them (Leader
        // Completeness); a leader asking us to drop one means the algorithm is broken.
        if (index <= committed) {
            throw new IllegalStateException("refusing to truncate committed entry " + index
                    + " (commit index " + committed + ")");
        }
        entries.subList((int) (index - snapshotIndex - 1), entries.size()).clear();
        unstableFrom = Math.min(unstableFrom, index);
    }

    void commitTo(long index) {
        if (index > lastIndex()) {
            throw new IllegalStateException("commit " + index + " past last index " + lastIndex());
        }
        if (index > committed) {
            committed = index;
        }
    }

    /**
     * Drops the entries up to {@code index}, which a durable snapshot now stands for. Only
     * applied (so committed and durable) entries may go.
     */
    void compactTo(long index) {
        if (index <= snapshotIndex) {
            return;
        }
        if (index > applied || index > stableIndex()) {
            throw new IllegalStateException("compaction to " + index + " past applied "
                    + applied + " or stable " + stableIndex());
        }
        long term = term(index);
        entries.subList(0, (int) (index - snapshotIndex)).clear();
        entries.trimToSize();
        snapshotIndex = index;
        snapshotTerm = term;
    }

    /**
     * Replaces the whole log with a snapshot from the leader (Raft §7: "discard the entire
     * log"): committed up to its index, which becomes applied once the caller has restored it.
     */
    void restoreSnapshot(long index, long term) {
        if (index <= committed) {
            throw new IllegalStateException("snapshot " + index + " is not past commit index "
                    + committed);
        }
        entries.clear();
        entries.trimToSize();
        snapshotIndex = index;
        snapshotTerm = term;
        committed = index;
        unstableFrom = index + 1;
    }

    /** Entries in [from, to], capped at {@code maxCount} entries and about {@code maxBytes}. */
    List<Entry> slice(long from, long to, int maxCount, long maxBytes) {
        if (from <= snapshotIndex) {
            throw new IllegalStateException("entry " + from + " was compacted into snapshot "
                    + snapshotIndex);
        }
        long end = Math.min(to, lastIndex());
        List<Entry> result = new ArrayList<>();
        long bytes = 0;
        for (long index = from; index <= end && result.size() < maxCount; index++) {
            Entry entry = entry(index);
            bytes += entry.sizeBytes();
            // Always send at least one entry, or one oversized entry would block replication.
            if (bytes > maxBytes && !result.isEmpty()) {
                break;
            }
            result.add(entry);
        }
        return result;
    }

    List<Entry> unstableEntries() {
        if (unstableFrom > lastIndex()) {
            return List.of();
        }
        return List.copyOf(entries.subList((int) (unstableFrom - snapshotIndex - 1),
                entries.size()));
    }

    /** Committed entries not yet handed out for applying, at most {@code maxCount}. */
    List<Entry> nextCommittedEntries(int maxCount) {
        long end = Math.min(committed, applied + maxCount);
        if (end <= applied || applied < snapshotIndex) {
            return List.of(); // nothing, or a restored snapshot must be applied first
        }
        return List.copyOf(entries.subList((int) (applied - snapshotIndex),
                (int) (end - snapshotIndex)));
    }

    void stableTo(long index) {
        if (index >= unstableFrom) {
            unstableFrom = index + 1;
        }
    }

    void appliedTo(long index) {
        if (index > committed || index < applied) {
            throw new IllegalStateException("applied " + index + " outside [" + applied + ", "
                    + committed + "]");
        }
        applied = index;
    }

    void checkInvariants() {
        if (!(applied <= committed && committed <= lastIndex() && snapshotIndex <= committed)) {
            throw new IllegalStateException("log invariant broken: applied " + applied
                    + ", committed " + committed + ", last " + lastIndex() + ", snapshot "
                    + snapshotIndex);
        }
    }
}
