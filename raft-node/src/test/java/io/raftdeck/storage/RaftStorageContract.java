package io.raftdeck.storage;

import static io.raftdeck.storage.TestEntries.entries;
import static io.raftdeck.storage.TestEntries.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RaftStorage} promises, run against each implementation so that the
 * in-memory twin used by simulations behaves exactly like the disk.
 */
abstract class RaftStorageContract {

    private RaftStorage storage;

    /** A new, empty storage that has not been recovered yet. */
    abstract RaftStorage create() throws IOException;

    /** What a restarted node opens after {@code crashed} went down (not recovered yet). */
    abstract RaftStorage restart(RaftStorage crashed) throws IOException;

    @BeforeEach
    void openStorage() throws IOException {
        storage = create();
        storage.recover();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private RecoveredState restartAndRecover() throws IOException {
        storage = restart(storage);
        return storage.recover();
    }

    @Test
    void freshStorageRecoversNothing() throws IOException {
        // Proves a new storage starts with the initial hard state and an empty log.
        assertEquals(RecoveredState.empty(), restartAndRecover());
    }

    @Test
    void entriesAndHardStateSurviveRestart() throws IOException {
        // Proves a save is read back whole, in index order, after a restart.
        storage.save(new HardState(2, 3, 4), entries(1, 5, 2));
        RecoveredState recovered = restartAndRecover();
        assertEquals(new HardState(2, 3, 4), recovered.hardState());
        assertEquals(entries(1, 5, 2), recovered.entries());
    }

    @Test
    void nullHardStateKeepsTheLastOne() throws IOException {
        // Proves hard state null means unchanged, not reset.
        storage.save(new HardState(3, 1, 0), List.of());
        storage.save(null, entries(1, 2, 3));
        assertEquals(new HardState(3, 1, 0), restartAndRecover().hardState());
    }

    @Test
    void laterHardStateWins() throws IOException {
        // Proves the newest hard state is the one recovered.
        storage.save(new HardState(1, 1, 0), entries(1, 1, 1));
        storage.save(new HardState(2, 0, 1), List.of());
        storage.save(new HardState(3, 2, 1), List.of());
        assertEquals(new HardState(3, 2, 1), restartAndRecover().hardState());
    }

    @Test
    void overwritingEntryReplacesTheSuffix() throws IOException {
        // Proves a batch starting inside the log drops every stored entry from its index on.
        storage.save(null, entries(1, 6, 1));
        storage.save(null, entries(3, 4, 2));
        List<Entry> expected = new ArrayList<>(entries(1, 2, 1));
        expected.addAll(entries(3, 4, 2));
        assertEquals(expected, restartAndRecover().entries());
    }

    @Test
    void overwriteAtIndexOneReplacesTheWholeLog() throws IOException {
        // Proves truncation reaches the first entry.
        storage.save(null, entries(1, 3, 1));
        storage.save(null, List.of(entry(1, 5)));
        assertEquals(List.of(entry(1, 5)), restartAndRecover().entries());
    }

    @Test
    void overwriteThenAppendAcrossSaves() throws IOException {
        // Proves appends after a truncation continue from the new suffix.
        storage.save(null, entries(1, 5, 1));
        storage.save(null, entries(2, 3, 2));
        storage.save(new HardState(2, 0, 4), entries(4, 4, 2));
        List<Entry> expected = new ArrayList<>(entries(1, 1, 1));
        expected.addAll(entries(2, 4, 2));
        RecoveredState recovered = restartAndRecover();
        assertEquals(expected, recovered.entries());
        assertEquals(4, recovered.hardState().commitIndex());
    }

    @Test
    void entryTypesAndPayloadsRoundTrip() throws IOException {
        // Proves no-op entries, empty and binary payloads are stored exactly.
        byte[] binary = {0, -1, 127, -128, 10, 0};
        List<Entry> saved = List.of(Entry.noop(1, 1), Entry.command(2, 1, new byte[0]),
                Entry.command(3, 1, binary));
        storage.save(null, saved);
        List<Entry> recovered = restartAndRecover().entries();
        assertEquals(saved, recovered);
        assertArrayEquals(binary, recovered.get(2).data());
    }

    @Test
    void gapIsRejectedAndChangesNothing() throws IOException {
        // Proves a batch that would leave a hole in the log is refused before any change.
        storage.save(null, entries(1, 3, 1));
        assertThrows(IllegalArgumentException.class,
                () -> storage.save(new HardState(9, 9, 0), entries(5, 6, 1)));
        RecoveredState recovered = restartAndRecover();
        assertEquals(entries(1, 3, 1), recovered.entries());
        assertEquals(HardState.INITIAL, recovered.hardState());
    }

    @Test
    void firstEntryMustBeIndexOne() {
        // Proves an empty log only accepts index 1 first.
        assertThrows(IllegalArgumentException.class, () -> storage.save(null, entries(2, 3, 1)));
    }

    @Test
    void nonConsecutiveBatchIsRejected() {
        // Proves entries within one batch must have consecutive indexes.
        List<Entry> batch = List.of(entry(1, 1), entry(3, 1));
        assertThrows(IllegalArgumentException.class, () -> storage.save(null, batch));
    }

    @Test
    void commitIndexBeyondTheLogIsRejected() {
        // Proves storage never records a commit index pointing at an entry it does not hold.
        assertThrows(IllegalArgumentException.class,
                () -> storage.save(new HardState(1, 0, 4), entries(1, 3, 1)));
    }

    @Test
    void truncatingCommittedEntriesIsRejected() throws IOException {
        // Proves a batch that would cut entries at or below the commit index is refused.
        storage.save(new HardState(1, 0, 4), entries(1, 5, 1));
        assertThrows(IllegalArgumentException.class,
                () -> storage.save(null, entries(3, 3, 2)));
        assertEquals(entries(1, 5, 1), restartAndRecover().entries());
    }

    @Test
    void emptySaveChangesNothing() throws IOException {
        // Proves a save with nothing in it is a harmless no-op.
        storage.save(new HardState(1, 1, 1), entries(1, 1, 1));
        storage.save(null, List.of());
        RecoveredState recovered = restartAndRecover();
        assertEquals(new HardState(1, 1, 1), recovered.hardState());
        assertEquals(entries(1, 1, 1), recovered.entries());
    }

    private static Snapshot snapshot(long index, long term) {
        return new Snapshot(index, term, ("state up to " + index)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void compactionKeepsTheSnapshotAndTheEntriesAfterIt() throws IOException {
        // Proves recovery = snapshot + the entries after it, and appends continue after both.
        storage.save(new HardState(2, 1, 8), entries(1, 10, 2));
        storage.saveSnapshot(snapshot(6, 2));
        storage.save(new HardState(2, 1, 11), entries(11, 12, 2));

        RecoveredState recovered = restartAndRecover();
        assertEquals(snapshot(6, 2), recovered.snapshot());
        assertEquals(entries(7, 12, 2), recovered.entries());
        assertEquals(new HardState(2, 1, 11), recovered.hardState());
    }

    @Test
    void newerCompactionReplacesTheOlderSnapshot() throws IOException {
        // Proves only the newest snapshot is recovered and the log starts after it.
        storage.save(new HardState(1, 0, 9), entries(1, 9, 1));
        storage.saveSnapshot(snapshot(3, 1));
        storage.saveSnapshot(snapshot(9, 1));

        RecoveredState recovered = restartAndRecover();
        assertEquals(snapshot(9, 1), recovered.snapshot());
        assertEquals(List.of(), recovered.entries());
    }

    @Test
    void installedSnapshotReplacesTheWholeLog() throws IOException {
        // Proves a snapshot from the leader drops every stored entry, even ones after it.
        storage.save(new HardState(1, 0, 2), entries(1, 12, 1));
        storage.installSnapshot(snapshot(9, 3));
        storage.save(new HardState(3, 0, 9), entries(10, 11, 3));

        RecoveredState recovered = restartAndRecover();
        assertEquals(snapshot(9, 3), recovered.snapshot());
        assertEquals(entries(10, 11, 3), recovered.entries());
        assertEquals(9, recovered.hardState().commitIndex());
    }

    @Test
    void entriesAtOrBeforeTheSnapshotAreRejected() throws IOException {
        // Proves the log before a snapshot can never be written again.
        storage.save(new HardState(1, 0, 5), entries(1, 5, 1));
        storage.saveSnapshot(snapshot(4, 1));
        assertThrows(IllegalArgumentException.class, () -> storage.save(null, entries(4, 6, 1)));
        assertEquals(entries(5, 5, 1), restartAndRecover().entries());
    }

    @Test
    void badSnapshotsAreRejectedAndChangeNothing() throws IOException {
        // Proves a compaction past the log, or an install not newer than the stored snapshot,
        // is refused before anything is written.
        storage.save(new HardState(1, 0, 5), entries(1, 5, 1));
        storage.saveSnapshot(snapshot(4, 1));
        assertThrows(IllegalArgumentException.class, () -> storage.saveSnapshot(snapshot(6, 1)));
        assertThrows(IllegalArgumentException.class, () -> storage.saveSnapshot(snapshot(3, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> storage.installSnapshot(snapshot(4, 1)));
        RecoveredState recovered = restartAndRecover();
        assertEquals(snapshot(4, 1), recovered.snapshot());
        assertEquals(entries(5, 5, 1), recovered.entries());
    }

    @Test
    void saveAfterCloseFails() {
        // Proves a closed storage refuses writes instead of silently dropping them.
        storage.close();
        assertThrows(IllegalStateException.class, () -> storage.save(null, entries(1, 1, 1)));
    }
}
