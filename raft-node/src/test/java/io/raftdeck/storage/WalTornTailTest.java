package io.raftdeck.storage;

import static io.raftdeck.storage.TestEntries.entries;
import static io.raftdeck.storage.TestEntries.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash mid-append leaves a torn tail: recovery cuts it and keeps everything before it. */
class WalTornTailTest {

    private static final HardState SAVED_HARD_STATE = new HardState(1, 1, 3);

    @TempDir
    Path dataDirectory;

    private Path walDirectory;
    private Path segment;
    private byte[] original;
    private int lastRecordStart;

    @BeforeEach
    void writeLog() throws IOException {
        walDirectory = dataDirectory.resolve("wal");
        try (WriteAheadLog log = WalFiles.withoutPreallocation(walDirectory)) {
            log.recover();
            log.save(new HardState(1, 1, 0), entries(1, 3, 1));
            log.save(SAVED_HARD_STATE, entries(4, 5, 1));
            log.save(null, List.of(entry(6, 1)));
        }
        segment = WalFiles.lastSegment(walDirectory);
        original = Files.readAllBytes(segment);
        List<Integer> offsets = WalFiles.recordOffsets(segment);
        lastRecordStart = offsets.get(offsets.size() - 1);
    }

    @Test
    void lastRecordTornAtEveryByteIsCutAndLogIsAppendableAgain() throws IOException {
        // Proves every possible torn point inside the last record loses only that record.
        for (int cut = lastRecordStart + 1; cut < original.length; cut++) {
            Files.write(segment, original);
            WalFiles.truncate(segment, cut);
            try (WriteAheadLog log = WalFiles.withoutPreallocation(walDirectory)) {
                RecoveredState state = log.recover();
                assertEquals(entries(1, 5, 1), state.entries(), "cut at " + cut);
                assertEquals(SAVED_HARD_STATE, state.hardState(), "cut at " + cut);
                assertEquals(lastRecordStart, Files.size(segment), "cut at " + cut);
                log.save(null, List.of(entry(6, 2)));
            }
            assertEquals(logWithEntrySix(2), reopen().entries(), "cut at " + cut);
        }
    }

    @Test
    void aCutTornTailIsLoggedInOneLineWithFileOffsetAndBytes() throws IOException {
        // Proves recovery says what it threw away: which file, from which offset, how much.
        WalFiles.truncate(segment, lastRecordStart + 5);
        List<String> logged = new ArrayList<>();
        WalLogLines.capture(logged, this::reopen);
        assertEquals(1, logged.size(), logged::toString);
        String line = logged.get(0);
        assertTrue(!line.contains("\n"), line);
        assertTrue(line.contains(segment.toString()), line);
        assertTrue(line.contains("offset " + lastRecordStart), line);
        assertTrue(line.contains("5 bytes"), line);
    }

    @Test
    void zeroedSpaceAfterTheRecordsIsTrimmedWithoutALogLine() throws IOException {
        // Proves the line is kept for real torn data: zeros written ahead are routine.
        WalFiles.append(segment, new byte[4096]);
        List<String> logged = new ArrayList<>();
        WalLogLines.capture(logged, this::reopen);
        assertEquals(List.of(), logged);
    }

    @Test
    void tornBatchKeepsItsSoundRecords() throws IOException {
        // Proves records of a torn batch that were written whole are kept (a valid prefix).
        try (WriteAheadLog log = WalFiles.withoutPreallocation(walDirectory)) {
            log.recover();
            log.save(null, entries(7, 9, 1));
        }
        long size = Files.size(segment);
        WalFiles.truncate(segment, size - 3);
        assertEquals(entries(1, 8, 1), reopen().entries());
    }

    @Test
    void tornBatchNeverLeavesHardStateAheadOfItsEntries() throws IOException {
        // Proves the hard state is written after the batch's entries: when the entries tear,
        // the hard state that commits them is lost with them, not kept pointing past the log.
        try (WriteAheadLog log = WalFiles.withoutPreallocation(walDirectory)) {
            log.recover();
            log.save(new HardState(2, 1, 8), entries(7, 8, 2));
        }
        List<Integer> offsets = WalFiles.recordOffsets(segment);
        WalFiles.truncate(segment, offsets.get(offsets.size() - 2) + 5);
        RecoveredState state = reopen();
        assertEquals(SAVED_HARD_STATE, state.hardState());
        List<Entry> expected = new ArrayList<>(entries(1, 6, 1));
        expected.add(entry(7, 2));
        assertEquals(expected, state.entries());
    }

    @Test
    void trailingZeroBytesAreCut() throws IOException {
        // Proves a file extended with zeros but never written (a crash) is trimmed, not fatal.
        WalFiles.append(segment, new byte[4096]);
        assertEquals(entries(1, 6, 1), reopen().entries());
        assertEquals(original.length, Files.size(segment));
    }

    @Test
    void damagedFinalRecordIsCorruptionNotATornWrite() throws IOException {
        // Proves a record written whole (no sector of it reads as never written) that fails its
        // checksum rotted in place: even the very last record, which nothing after it vouches
        // for, is reported with file and offset and left as it is, never cut (it was a synced
        // entry here; a vote would be forgotten the same way). CrashRecoverySimulationTest
        // seed 10 found the old rule cutting it.
        WalFiles.flipByte(segment, original.length - 2);
        byte[] damaged = Files.readAllBytes(segment);
        StorageException refused = assertThrows(StorageException.class, this::reopen);
        assertTrue(refused.getMessage().startsWith("WAL corrupt: " + segment + " at offset "
                + lastRecordStart + ": checksum mismatch"), refused.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(segment), "recovery must not cut it");
    }

    @Test
    void tornSegmentHeaderIsDiscarded() throws IOException {
        // Proves a crash while creating a new segment (short header, the old one not sealed
        // yet) is repaired on recover: the empty new segment goes, appends continue.
        Path next = walDirectory.resolve("0000000000000002.wal");
        Files.write(next, new byte[] {0x52, 0x44, 0x57});
        try (WriteAheadLog log = WalFiles.withoutPreallocation(walDirectory)) {
            assertEquals(entries(1, 6, 1), log.recover().entries());
            log.save(null, List.of(entry(7, 1)));
        }
        assertFalse(Files.exists(next));
        assertEquals(entries(1, 7, 1), reopen().entries());
    }

    @Test
    void zeroedNewSegmentIsDiscarded() throws IOException {
        // Proves a new segment whose header never reached the disk (all zeros) is repaired.
        Path next = walDirectory.resolve("0000000000000002.wal");
        Files.write(next, new byte[512]);
        try (WriteAheadLog log = WalFiles.withoutPreallocation(walDirectory)) {
            assertEquals(entries(1, 6, 1), log.recover().entries());
            log.save(null, List.of(entry(7, 1)));
        }
        assertEquals(entries(1, 7, 1), reopen().entries());
    }

    private RecoveredState reopen() throws IOException {
        try (WriteAheadLog log = WalFiles.withoutPreallocation(walDirectory)) {
            return log.recover();
        }
    }

    private static List<Entry> logWithEntrySix(long term) {
        List<Entry> expected = new ArrayList<>(entries(1, 5, 1));
        expected.add(entry(6, term));
        return expected;
    }
}
