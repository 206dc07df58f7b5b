package io.raftdeck.storage;

import static io.raftdeck.storage.TestEntries.entries;
import static io.raftdeck.storage.TestEntries.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL on real files: layout, segments, fsync count, failure handling. */
class WriteAheadLogTest {

    @TempDir
    Path dataDirectory;

    private Path walDirectory() {
        return dataDirectory.resolve("wal");
    }

    private WriteAheadLog recovered(long segmentBytes) throws IOException {
        WriteAheadLog log = new WriteAheadLog(walDirectory(), segmentBytes);
        log.recover();
        return log;
    }

    @Test
    void firstSegmentIsNamedBySequence() throws IOException {
        // Proves the on-disk layout: DATA/wal/0000000000000001.wal, created on first recover.
        try (WriteAheadLog log = recovered(WriteAheadLog.DEFAULT_SEGMENT_BYTES)) {
            log.save(null, entries(1, 1, 1));
        }
        assertEquals(List.of(walDirectory().resolve("0000000000000001.wal")),
                WalFiles.segments(walDirectory()));
    }

    @Test
    void stateSurvivesSeveralReopens() throws IOException {
        // Proves appends after a reopen land after the recovered records, reopen after reopen.
        List<Entry> expected = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            try (WriteAheadLog log = new WriteAheadLog(walDirectory())) {
                assertEquals(expected, log.recover().entries());
                List<Entry> batch = entries(expected.size() + 1, expected.size() + 4, round);
                log.save(new HardState(round, 1, expected.size()), batch);
                expected.addAll(batch);
            }
        }
        try (WriteAheadLog log = new WriteAheadLog(walDirectory())) {
            RecoveredState state = log.recover();
            assertEquals(expected, state.entries());
            assertEquals(new HardState(3, 1, 8), state.hardState());
        }
    }

    @Test
    void entriesLargerThanTheWriteBufferRoundTrip() throws IOException {
        // Proves a batch mixing small entries with one bigger than the 1 MiB buffer is intact.
        byte[] large = new byte[3 << 20];
        new Random(7).nextBytes(large);
        List<Entry> batch = new ArrayList<>(entries(1, 100, 1));
        batch.add(Entry.command(101, 1, large));
        batch.addAll(entries(102, 150, 1));
        try (WriteAheadLog log = recovered(WriteAheadLog.DEFAULT_SEGMENT_BYTES)) {
            log.save(null, batch);
        }
        try (WriteAheadLog log = new WriteAheadLog(walDirectory())) {
            assertEquals(batch, log.recover().entries());
        }
    }

    @Test
    void manySegmentsAreReplayedInOrder() throws IOException {
        // Proves tiny segments roll and replay in sequence, truncations included.
        try (WriteAheadLog log = recovered(100)) {
            for (long index = 1; index <= 20; index++) {
                log.save(new HardState(1, 1, Math.min(index, 10)), List.of(entry(index, 1)));
            }
            log.save(null, entries(15, 16, 2)); // cuts a suffix stored in earlier segments
        }
        assertTrue(WalFiles.segments(walDirectory()).size() >= 10, "expected many segments");
        List<Entry> expected = new ArrayList<>(entries(1, 14, 1));
        expected.addAll(entries(15, 16, 2));
        try (WriteAheadLog log = new WriteAheadLog(walDirectory(), 100)) {
            RecoveredState state = log.recover();
            assertEquals(expected, state.entries());
            assertEquals(new HardState(1, 1, 10), state.hardState());
        }
    }

    @Test
    void oneSyncPerSaveOfAHundredEntries() throws IOException {
        // Proves a batch costs one fdatasync in total, never one per entry.
        try (WriteAheadLog log = recovered(WriteAheadLog.DEFAULT_SEGMENT_BYTES)) {
            long before = log.syncCount();
            log.save(new HardState(1, 1, 0), entries(1, 100, 1));
            assertEquals(before + 1, log.syncCount());
            log.save(new HardState(2, 3, 0), List.of());
            assertEquals(before + 2, log.syncCount());
        }
    }

    @Test
    void commitIndexAloneIsWrittenWithoutASyncAndRecovered() throws IOException {
        // Proves a save that only advances the commit index costs no fsync (Raft never needs
        // it back after a crash), while a new term or vote always syncs; and that the
        // unsynced record is still read back after a clean reopen.
        try (WriteAheadLog log = recovered(WriteAheadLog.DEFAULT_SEGMENT_BYTES)) {
            log.save(new HardState(1, 1, 0), entries(1, 3, 1));
            long before = log.syncCount();
            assertFalse(log.save(new HardState(1, 1, 3), List.of()));
            assertEquals(before, log.syncCount());
            assertTrue(log.save(new HardState(1, 2, 3), List.of()), "a new vote syncs");
            assertTrue(log.save(new HardState(2, 2, 3), List.of()), "a new term syncs");
            assertTrue(log.save(null, entries(4, 4, 2)), "entries sync");
            assertEquals(before + 3, log.syncCount());
            assertFalse(log.save(new HardState(2, 2, 4), List.of()));
        }
        try (WriteAheadLog log = new WriteAheadLog(walDirectory())) {
            assertEquals(new HardState(2, 2, 4), log.recover().hardState());
        }
    }

    @Test
    void emptySaveDoesNotSync() throws IOException {
        // Proves a save with nothing to persist costs no fsync.
        try (WriteAheadLog log = recovered(WriteAheadLog.DEFAULT_SEGMENT_BYTES)) {
            long before = log.syncCount();
            log.save(null, List.of());
            assertEquals(before, log.syncCount());
        }
    }

    @Test
    void failedWriteMakesTheLogUnusable() throws IOException {
        // Proves a failed write throws StorageException and every later save throws too.
        WriteAheadLog log = recovered(1);
        log.save(null, entries(1, 1, 1));
        for (Path segment : WalFiles.segments(walDirectory())) {
            Files.delete(segment);
        }
        Files.delete(walDirectory()); // the next save must roll, and cannot create the file
        StorageException first = assertThrows(StorageException.class,
                () -> log.save(null, entries(2, 2, 1)));
        assertTrue(first.getMessage().contains("0000000000000002.wal"), first.getMessage());
        Files.createDirectories(walDirectory());
        StorageException later = assertThrows(StorageException.class,
                () -> log.save(null, entries(2, 2, 1)));
        assertTrue(later.getMessage().contains("unusable"), later.getMessage());
        log.close();
    }

    @Test
    void saveBeforeRecoverIsRefused() {
        // Proves the WAL cannot append before it knows where the good records end.
        try (WriteAheadLog log = new WriteAheadLog(walDirectory())) {
            assertThrows(IllegalStateException.class, () -> log.save(null, entries(1, 1, 1)));
        }
    }

    @Test
    void recoverRunsOnce() throws IOException {
        // Proves a second recover (which would replay over a live log) is refused.
        try (WriteAheadLog log = recovered(WriteAheadLog.DEFAULT_SEGMENT_BYTES)) {
            assertThrows(IllegalStateException.class, log::recover);
        }
    }
}
