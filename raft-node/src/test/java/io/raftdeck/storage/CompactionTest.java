package io.raftdeck.storage;

import static io.raftdeck.storage.TestEntries.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log compaction on disk: WAL segments covered by a snapshot are deleted, disk use stays
 * bounded under an endless write load, and recovery is the newest snapshot plus the WAL after
 * it, also after a crash between writing the snapshot and recording it in the WAL.
 */
class CompactionTest {

    private static final long SEGMENT_BYTES = 4096;

    @TempDir
    Path dataDirectory;

    private DiskStorage open() throws IOException {
        DiskStorage storage = new DiskStorage(
                new WriteAheadLog(dataDirectory.resolve("wal"), SEGMENT_BYTES),
                new SnapshotStore(dataDirectory.resolve("snapshots")));
        storage.recover();
        return storage;
    }

    private RecoveredState reopen() throws IOException {
        try (DiskStorage storage = new DiskStorage(
                new WriteAheadLog(dataDirectory.resolve("wal"), SEGMENT_BYTES),
                new SnapshotStore(dataDirectory.resolve("snapshots")))) {
            return storage.recover();
        }
    }

    private static Snapshot snapshot(long index, long term) {
        return new Snapshot(index, term, ("state " + index).getBytes(StandardCharsets.UTF_8));
    }

    /** Saves entries from..to one batch each, committing each, as a leader would. */
    private static void write(DiskStorage storage, long from, long to) {
        for (long index = from; index <= to; index++) {
            storage.save(new HardState(1, 1, index), entries(index, index, 1));
        }
    }

    private long walBytes() throws IOException {
        try (Stream<Path> files = Files.list(dataDirectory.resolve("wal"))) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    @Test
    void segmentsCoveredByASnapshotAreDeleted() throws IOException {
        // Proves compaction frees disk: whole segments at or before the snapshot go, the
        // segment holding entries after it and the current one stay.
        try (DiskStorage storage = open()) {
            write(storage, 1, 400);
            List<Path> before = storage.log().segmentFiles();
            assertTrue(before.size() > 5, "the test needs many segments: " + before.size());

            storage.saveSnapshot(snapshot(390, 1));

            List<Path> after = storage.log().segmentFiles();
            assertTrue(after.size() <= 2, "left: " + after);
            assertTrue(after.contains(before.get(before.size() - 1)),
                    "the segment holding entries 391..400 stays: " + after);
        }
        RecoveredState recovered = reopen();
        assertEquals(snapshot(390, 1), recovered.snapshot());
        assertEquals(entries(391, 400, 1), recovered.entries());
        assertEquals(400, recovered.hardState().commitIndex());
    }

    @Test
    void diskUseStaysBoundedUnderAnEndlessWriteLoad() throws IOException {
        // Proves the WAL's size never exceeds what the entries since the last snapshot need,
        // however many entries are written, restarts included.
        long maxBytes = 0;
        DiskStorage storage = open();
        try {
            for (long index = 10; index <= 20_000; index += 10) {
                storage.save(new HardState(1, 1, index), entries(index - 9, index, 1));
                if (index % 500 == 0) {
                    storage.saveSnapshot(snapshot(index, 1));
                    maxBytes = Math.max(maxBytes, walBytes());
                }
                if (index % 5_000 == 0) {
                    storage.close();
                    storage = open();
                }
            }
        } finally {
            storage.close();
        }
        // 500 entries of about 40 bytes each, plus one partly filled segment on either side.
        assertTrue(maxBytes < 500 * 40 + 3 * SEGMENT_BYTES, "WAL grew to " + maxBytes);
        assertEquals(snapshot(20_000, 1), reopen().snapshot());
    }

    @Test
    void crashBetweenSnapshotFileAndWalRecordIsCompletedOnStart() throws IOException {
        // Proves a snapshot durable in its file but not yet recorded in the WAL still counts:
        // recovery starts after it and records it, so the next start agrees.
        try (DiskStorage storage = open()) {
            write(storage, 1, 20);
            storage.snapshots().save(snapshot(15, 1)); // the crash comes before the record
        }
        RecoveredState recovered = reopen();
        assertEquals(snapshot(15, 1), recovered.snapshot());
        assertEquals(entries(16, 20, 1), recovered.entries());
        assertEquals(recovered, reopen());
    }

    @Test
    void interruptedInstallOfALeadersSnapshotIsCompletedOnStart() throws IOException {
        // Proves the same for a snapshot from the leader that the log does not hold: it
        // replaces the whole log.
        try (DiskStorage storage = open()) {
            write(storage, 1, 20);
            storage.snapshots().save(snapshot(30, 2));
        }
        RecoveredState recovered = reopen();
        assertEquals(snapshot(30, 2), recovered.snapshot());
        assertEquals(List.of(), recovered.entries());
        assertEquals(recovered, reopen());
    }

    @Test
    void missingSnapshotFileIsReported() throws IOException {
        // Proves a WAL that starts after a snapshot that is gone is not replayed as if the
        // log were whole.
        try (DiskStorage storage = open()) {
            write(storage, 1, 20);
            storage.saveSnapshot(snapshot(15, 1));
        }
        Path file = dataDirectory.resolve("snapshots").resolve(SnapshotStore.fileName(15, 1));
        Files.delete(file);

        StorageException missing = assertThrows(StorageException.class, this::reopen);
        assertTrue(missing.getMessage().startsWith("snapshot missing: the WAL in "),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("15@1"), missing.getMessage());
    }

    @Test
    void damagedSnapshotFailsRecoveryNamingTheFile() throws IOException {
        // Proves a damaged newest snapshot stops recovery with its file name.
        try (DiskStorage storage = open()) {
            write(storage, 1, 20);
            storage.saveSnapshot(snapshot(15, 1));
        }
        Path file = dataDirectory.resolve("snapshots").resolve(SnapshotStore.fileName(15, 1));
        WalFiles.flipByte(file, SnapshotStore.HEADER_BYTES + 2);

        StorageException damaged = assertThrows(StorageException.class, this::reopen);
        assertEquals("snapshot damaged: " + file + ": checksum mismatch", damaged.getMessage());
    }

    @Test
    void missingFirstSegmentsWithoutASnapshotRecordAreReported() throws IOException {
        // Proves segments deleted by hand (not by compaction) are caught, not skipped.
        try (DiskStorage storage = open()) {
            write(storage, 1, 200);
        }
        Path first = WalFiles.segments(dataDirectory.resolve("wal")).get(0);
        Files.delete(first);

        StorageException corrupt = assertThrows(StorageException.class, this::reopen);
        assertTrue(corrupt.getMessage().contains("no snapshot record says where the log starts"),
                corrupt.getMessage());
    }
}
