package io.raftdeck.storage;

import static io.raftdeck.storage.TestEntries.entries;
import static io.raftdeck.storage.TestEntries.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zeroed space ahead of the records ({@link WalPreallocation}): a crash leaves zeros after the
 * last record, and a torn write leaves zeros where its bytes never landed. Replay must read
 * zeros as unused space, never as records or as a reason to refuse, and still refuse zeros
 * that hide acknowledged records.
 */
class WalPreallocationTest {

    private static final HardState SAVED_HARD_STATE = new HardState(1, 1, 3);

    @TempDir
    Path dataDirectory;

    private Path walDirectory;
    private Path segment;
    private byte[] original;
    private List<Integer> offsets;
    private int recordsEnd;

    @BeforeEach
    void writeLog() throws IOException {
        walDirectory = dataDirectory.resolve("wal");
        try (WriteAheadLog log = new WriteAheadLog(walDirectory)) {
            log.recover();
            log.save(new HardState(1, 1, 0), entries(1, 3, 1));
            log.save(SAVED_HARD_STATE, entries(4, 5, 1));
            log.save(null, List.of(entry(6, 1)));
        }
        segment = WalFiles.lastSegment(walDirectory);
        original = Files.readAllBytes(segment);
        offsets = WalFiles.recordOffsets(segment);
        recordsEnd = WalFiles.recordsEnd(segment);
    }

    @Test
    void savedRecordsAreFollowedByZeroedSpaceThatReplayIgnores() throws IOException {
        // Proves the space is really there (else the speed-up is not), zeroed, and unread.
        assertTrue(original.length >= recordsEnd + WalPreallocation.LOW_WATER_BYTES,
                "file of " + original.length + " bytes, records end at " + recordsEnd);
        for (int i = recordsEnd; i < original.length; i++) {
            assertEquals(0, original[i], "byte " + i);
        }
        try (WriteAheadLog log = new WriteAheadLog(walDirectory)) {
            RecoveredState state = log.recover();
            assertEquals(entries(1, 6, 1), state.entries());
            assertEquals(SAVED_HARD_STATE, state.hardState());
            // Appending resumes right after the last record, then zeroes ahead again.
            assertEquals(recordsEnd, Files.size(segment));
            log.save(null, List.of(entry(7, 1)));
            assertTrue(Files.size(segment) > WalFiles.recordsEnd(segment));
        }
        assertEquals(entries(1, 7, 1), reopen().entries());
    }

    @Test
    void lastRecordTornIntoZeroedSpaceAtEverySectorIsCut() throws IOException {
        // A torn write into zeroed space leaves zeros, not a shorter file, from a sector
        // boundary on (a disk writes a sector whole or not at all): cut at every such point.
        try (WriteAheadLog log = new WriteAheadLog(walDirectory)) {
            log.recover();
            log.save(null, List.of(largeEntry(7, 1)));
        }
        byte[] written = Files.readAllBytes(segment);
        List<Integer> starts = WalFiles.recordOffsets(segment);
        int lastStart = starts.get(starts.size() - 1);
        int lastEnd = WalFiles.recordsEnd(segment);
        List<Integer> cuts = new ArrayList<>(List.of(lastStart));
        for (int boundary = lastStart - lastStart % WalSegmentReader.SECTOR_BYTES
                + WalSegmentReader.SECTOR_BYTES; boundary < lastEnd;
                boundary += WalSegmentReader.SECTOR_BYTES) {
            cuts.add(boundary);
        }
        assertTrue(cuts.size() >= 3, "the record spans sectors: " + cuts);
        for (int cut : cuts) {
            byte[] torn = written.clone();
            Arrays.fill(torn, cut, lastEnd, (byte) 0);
            Files.write(segment, torn);
            try (WriteAheadLog log = new WriteAheadLog(walDirectory)) {
                RecoveredState state = log.recover();
                assertEquals(entries(1, 6, 1), state.entries(), "cut at " + cut);
                assertEquals(SAVED_HARD_STATE, state.hardState(), "cut at " + cut);
                log.save(null, List.of(entry(7, 2)));
            }
            List<Entry> expected = new ArrayList<>(entries(1, 6, 1));
            expected.add(entry(7, 2));
            assertEquals(expected, reopen().entries(), "cut at " + cut);
        }
    }

    /** An entry whose record spans several disk sectors. */
    private static Entry largeEntry(long index, long term) {
        byte[] data = new byte[3 * WalSegmentReader.SECTOR_BYTES];
        Arrays.fill(data, (byte) 'x');
        return Entry.command(index, term, data);
    }

    @Test
    void zerosOverAnAcknowledgedRecordAreCorruptionNotATornTail() throws IOException {
        // Zeros with a sound record after them cannot be a crash: that record was synced later.
        byte[] damaged = original.clone();
        int second = offsets.get(1);
        Arrays.fill(damaged, second, offsets.get(2), (byte) 0);
        Files.write(segment, damaged);
        StorageException refused = assertThrows(StorageException.class, this::reopen);
        assertTrue(refused.getMessage().contains("at offset " + second), refused.getMessage());
        assertTrue(refused.getMessage().contains("a sound record follows"),
                refused.getMessage());
    }

    @Test
    void aHeaderFollowedOnlyByZerosIsAnEmptySegmentLeftByARoll() throws IOException {
        // A roll that crashed before its seal leaves the new segment without records; zeroed
        // or not, it is dropped and the log goes on in the segment before it.
        WalSegment next = WalSegment.in(walDirectory, 2);
        try (FileChannel created = FileChannel.open(next.path(), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            next.writeHeader(created);
            created.write(ByteBuffer.allocate(4096), WalSegment.HEADER_BYTES);
        }
        try (WriteAheadLog log = new WriteAheadLog(walDirectory)) {
            assertEquals(entries(1, 6, 1), log.recover().entries());
            log.save(null, List.of(entry(7, 1)));
        }
        assertEquals(List.of(segment), WalFiles.segments(walDirectory));
        assertEquals(entries(1, 7, 1), reopen().entries());
    }

    @Test
    void segmentsFilledThroughZeroedSpaceRollAndReplay() throws IOException {
        // Small segments zeroed up to their roll size: every finished one is read back whole.
        Path small = dataDirectory.resolve("small");
        long segmentBytes = 4096;
        try (WriteAheadLog log = new WriteAheadLog(small, segmentBytes)) {
            log.recover();
            for (long index = 1; index <= 200; index++) {
                log.save(new HardState(1, 1, index - 1), List.of(entry(index, 1)));
            }
        }
        List<Path> files = WalFiles.segments(small);
        assertTrue(files.size() >= 3, files.toString());
        for (Path file : files.subList(0, files.size() - 1)) {
            assertTrue(Files.size(file) <= segmentBytes + 1024, file + " grew past its roll");
        }
        try (WriteAheadLog log = new WriteAheadLog(small, segmentBytes)) {
            assertEquals(entries(1, 200, 1), log.recover().entries());
        }
    }

    @Test
    void zeroedSpaceAfterASealIsUnused() throws IOException {
        // Zeros after a finished segment's seal are space, not a record after the seal.
        Path rolled = dataDirectory.resolve("rolled");
        try (WriteAheadLog log = WalFiles.withoutPreallocation(rolled, 64)) {
            log.recover();
            for (long index = 1; index <= 3; index++) {
                log.save(new HardState(1, 1, index - 1), List.of(entry(index, 1)));
            }
        }
        Path first = WalFiles.segments(rolled).get(0);
        WalFiles.append(first, new byte[8192]);
        try (WriteAheadLog log = WalFiles.withoutPreallocation(rolled, 64)) {
            assertEquals(entries(1, 3, 1), log.recover().entries());
        }
    }

    private RecoveredState reopen() throws IOException {
        try (WriteAheadLog log = new WriteAheadLog(walDirectory)) {
            return log.recover();
        }
    }
}
