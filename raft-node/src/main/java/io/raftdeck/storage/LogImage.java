package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.util.ArrayList;

/**
 * A log and hard state held as plain objects: what {@link MemoryStorage} keeps, and what WAL
 * replay rebuilds record by record. Both apply the same rules here, so the two storages cannot
 * drift apart:
 * <ul>
 *   <li>an entry replaces its index and everything after it; it may not leave a gap nor
 *       rewrite the log before the snapshot;</li>
 *   <li>a compaction at (index, term) drops the entries up to index, which the log must hold
 *       with that term (or already start after);</li>
 *   <li>an installed snapshot at (index, term) replaces the whole log.</li>
 * </ul>
 * An image starts <em>complete</em>: it has seen every record from the first. Replay of a WAL
 * whose oldest segments were deleted after a compaction starts incomplete: entries may be
 * missing before the first one seen, and snapshot records may cover entries that are gone.
 * Such an image is only trusted once the log after its last snapshot is shown to be whole
 * ({@link #finishReplay()}): every entry after a snapshot was written after the segments a
 * compaction deleted, since those held only entries up to that snapshot.
 */
final class LogImage {

    private final ArrayList<Entry> entries = new ArrayList<>();
    private HardState hardState = HardState.INITIAL;
    private long snapshotIndex;
    private long snapshotTerm;
    private boolean complete;

    private LogImage(boolean complete) {
        this.complete = complete;
    }

    /** An empty log. */
    LogImage() {
        this(true);
    }

    /** A log replayed from a WAL whose oldest segments were deleted. */
    static LogImage afterDeletedSegments() {
        return new LogImage(false);
    }

    /** Index of the last entry; the snapshot's index when no entry follows it. */
    long lastIndex() {
        return entries.isEmpty() ? snapshotIndex : entries.get(entries.size() - 1).index();
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    /** The term at {@code index}: the snapshot's at its own index, -1 where none is held. */
    long termAt(long index) {
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        if (entries.isEmpty() || index < firstEntryIndex() || index > lastIndex()) {
            return -1;
        }
        return entries.get((int) (index - firstEntryIndex())).term();
    }

    HardState hardState() {
        return hardState;
    }

    void setHardState(HardState hardState) {
        this.hardState = hardState;
    }

    /**
     * Drops every entry at or after {@code entry.index()}, then appends it.
     *
     * @throws IllegalArgumentException when it would leave a gap or rewrite the log before
     *     its snapshot
     */
    void put(Entry entry) {
        long index = entry.index();
        if (index <= snapshotIndex) {
            throw new IllegalArgumentException("entry " + index + " rewrites the log before its"
                    + " snapshot at " + snapshotIndex);
        }
        if (!complete && (entries.isEmpty() || index < firstEntryIndex())) {
            entries.clear(); // what came before it may be in a deleted segment
            entries.add(entry);
            return;
        }
        if (index > lastIndex() + 1) {
            throw new IllegalArgumentException("entry " + index + " leaves a gap after entry "
                    + lastIndex());
        }
        long first = entries.isEmpty() ? index : firstEntryIndex();
        entries.subList((int) (index - first), entries.size()).clear();
        entries.add(entry);
    }

    /**
     * Applies a snapshot record: an install replaces the log; a compaction drops the entries up
     * to its index.
     *
     * @throws IllegalArgumentException when it is older than the current snapshot, or a
     *     compaction does not match the log
     */
    void apply(SnapshotMarker marker) {
        if (marker.index() < snapshotIndex) {
            throw new IllegalArgumentException("snapshot at " + marker.index()
                    + " is older than the one at " + snapshotIndex);
        }
        if (marker.replacesLog()) {
            entries.clear();
            complete = true;
        } else if (marker.index() == snapshotIndex) {
            if (marker.term() != snapshotTerm) {
                throw new IllegalArgumentException("compaction at " + marker.index() + "@"
                        + marker.term() + " but the log starts after " + snapshotIndex + "@"
                        + snapshotTerm);
            }
        } else {
            compact(marker);
        }
        snapshotIndex = marker.index();
        snapshotTerm = marker.term();
    }

    private void compact(SnapshotMarker marker) {
        long index = marker.index();
        boolean held = !entries.isEmpty() && firstEntryIndex() <= index && index <= lastIndex();
        if (held) {
            long term = entries.get((int) (index - firstEntryIndex())).term();
            if (term != marker.term()) {
                throw new IllegalArgumentException("compaction at " + index + "@"
                        + marker.term() + " but the log has term " + term + " there");
            }
            entries.subList(0, (int) (index - firstEntryIndex()) + 1).clear();
            complete = true;
            return;
        }
        if (complete) {
            throw new IllegalArgumentException("compaction at " + index + "@" + marker.term()
                    + " is beyond the last entry " + lastIndex());
        }
        // Incomplete: the entries it covers are in deleted segments; later ones may be too.
        entries.removeIf(entry -> entry.index() <= index);
        complete = !entries.isEmpty() && firstEntryIndex() == index + 1;
    }

    /**
     * Ends a replay: an incomplete image is whole when a snapshot record was seen and the
     * entries after it start right after it.
     *
     * @return null when the image can be trusted, else what is wrong
     */
    String finishReplay() {
        if (complete) {
            return null;
        }
        if (snapshotIndex == 0) {
            return "the segments before it are gone but no snapshot record says where the log"
                    + " starts";
        }
        if (!entries.isEmpty() && firstEntryIndex() != snapshotIndex + 1) {
            return "the log starts after a snapshot at " + snapshotIndex + " but its entries"
                    + " resume at " + firstEntryIndex();
        }
        complete = true;
        return null;
    }

    private long firstEntryIndex() {
        return entries.get(0).index();
    }

    /**
     * The image as recovered state; the snapshot's bytes are {@code snapshotData} (the WAL
     * records where the log starts, the snapshot store holds the state).
     */
    RecoveredState toRecoveredState(byte[] snapshotData) {
        Snapshot snapshot = snapshotIndex == 0 ? Snapshot.NONE
                : new Snapshot(snapshotIndex, snapshotTerm, snapshotData);
        return new RecoveredState(hardState, snapshot, entries);
    }
}
