package io.raftdeck.storage;

import static io.raftdeck.storage.TestEntries.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.HardState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage that is not a torn tail stops recovery with the file and offset in the message. */
class WalCorruptionTest {

    @TempDir
    Path dataDirectory;

    private Path walDirectory() {
        return dataDirectory.resolve("wal");
    }

    /** Writes entries 1..count, one save each, and returns the segments. */
    private List<Path> writeLog(int count, long segmentBytes) throws IOException {
        try (WriteAheadLog log = WalFiles.withoutPreallocation(walDirectory(), segmentBytes)) {
            log.recover();
            for (long index = 1; index <= count; index++) {
                log.save(new HardState(1, 1, index - 1), List.of(entry(index, 1)));
            }
        }
        return WalFiles.segments(walDirectory());
    }

    private String recoverFailure() {
        StorageException error = assertThrows(StorageException.class, () -> {
            try (WriteAheadLog log = WalFiles.withoutPreallocation(walDirectory())) {
                log.recover();
            }
        });
        return error.getMessage();
    }

    @Test
    void flippedByteInEarlierRecordNamesFileAndOffset() throws IOException {
        // Proves a damaged record followed by sound ones is corruption, not a torn tail.
        Path segment = writeLog(6, WriteAheadLog.DEFAULT_SEGMENT_BYTES).get(0);
        int second = WalFiles.recordOffsets(segment).get(2);
        WalFiles.flipByte(segment, second + WalRecordCodec.HEADER_BYTES + 3);
        byte[] damaged = Files.readAllBytes(segment);
        String message = recoverFailure();
        assertTrue(message.startsWith("WAL corrupt: " + segment + " at offset " + second
                + ": checksum mismatch"), message);
        assertArrayEquals(damaged, Files.readAllBytes(segment), "recovery must not repair");
    }

    @Test
    void flippedByteInMiddleSegmentIsDetected() throws IOException {
        // Proves damage in a segment that is not the last is always corruption.
        List<Path> segments = writeLog(12, 100);
        assertTrue(segments.size() >= 3, "expected at least three segments");
        Path middle = segments.get(1);
        WalFiles.flipByte(middle, WalSegment.HEADER_BYTES + WalRecordCodec.HEADER_BYTES + 1);
        assertEquals("WAL corrupt: " + middle + " at offset " + WalSegment.HEADER_BYTES
                + ": checksum mismatch", recoverFailure());
    }

    @Test
    void truncatedEarlierSegmentIsDetected() throws IOException {
        // Proves a short segment that is not the last is not mistaken for a torn tail.
        List<Path> segments = writeLog(12, 100);
        Path first = segments.get(0);
        WalFiles.truncate(first, Files.size(first) - 3);
        String message = recoverFailure();
        assertTrue(message.startsWith("WAL corrupt: " + first + " at offset "), message);
        assertTrue(message.contains("incomplete record"), message);
    }

    @Test
    void garbageLengthIsReportedNotAllocated() throws IOException {
        // Proves a huge length field is caught by the bound and reported with its offset.
        Path segment = writeLog(4, WriteAheadLog.DEFAULT_SEGMENT_BYTES).get(0);
        int record = WalFiles.recordOffsets(segment).get(1);
        WalFiles.putLength(segment, record, 0x7FFFFFF0);
        String message = recoverFailure();
        assertTrue(message.startsWith("WAL corrupt: " + segment + " at offset " + record
                + ": record length 2147483632 out of bounds"), message);
    }

    @Test
    void lengthRunningPastTheEndOfAnEarlierRecordIsCorruption() throws IOException {
        // Proves a damaged length that looks like a torn tail (the record would run past the
        // end) is caught by its header's checksum and by the sound records that follow it,
        // instead of cutting them off.
        Path segment = writeLog(4, WriteAheadLog.DEFAULT_SEGMENT_BYTES).get(0);
        WalFiles.putLength(segment, WalSegment.HEADER_BYTES, 1_000_000);
        String message = recoverFailure();
        assertTrue(message.contains("at offset " + WalSegment.HEADER_BYTES
                + ": record header checksum mismatch"), message);
        assertTrue(message.contains("a sound record follows"), message);
    }

    @Test
    void missingSegmentIsDetected() throws IOException {
        // Proves a deleted segment (lost records) stops recovery.
        List<Path> segments = writeLog(12, 100);
        Files.delete(segments.get(1));
        assertEquals("WAL corrupt: " + segments.get(2) + ": segment 2 before it is missing",
                recoverFailure());
    }

    @Test
    void unknownRecordTypeIsCorruptionEvenAtTheTail() throws IOException {
        // Proves a whole record of a type we do not know is never dropped as a torn write.
        Path segment = writeLog(2, WriteAheadLog.DEFAULT_SEGMENT_BYTES).get(0);
        long end = Files.size(segment);
        WalFiles.append(segment, WalFiles.rawRecord((byte) 9, new byte[] {1, 2, 3}));
        assertEquals("WAL corrupt: " + segment + " at offset " + end
                + ": unknown record type 9", recoverFailure());
    }

    @Test
    void unknownEntryTypeIsCorruption() throws IOException {
        // Proves a checksummed entry with an entry type we do not know is reported.
        Path segment = writeLog(2, WriteAheadLog.DEFAULT_SEGMENT_BYTES).get(0);
        long end = Files.size(segment);
        byte[] payload = ByteBuffer.allocate(17).putLong(3).putLong(1).put((byte) 7).array();
        WalFiles.append(segment, WalFiles.rawRecord(WalRecordType.ENTRY, payload));
        assertEquals("WAL corrupt: " + segment + " at offset " + end
                + ": unknown entry type 7", recoverFailure());
    }

    @Test
    void gapBetweenEntriesIsCorruption() throws IOException {
        // Proves replay checks that entry indexes follow on with no hole.
        Path segment = writeLog(3, WriteAheadLog.DEFAULT_SEGMENT_BYTES).get(0);
        long end = Files.size(segment);
        WalFiles.append(segment, WalFiles.entryRecord(entry(5, 1)));
        assertEquals("WAL corrupt: " + segment + " at offset " + end
                + ": entry 5 leaves a gap after entry 3", recoverFailure());
    }

    @Test
    void commitIndexBeyondTheLogIsCorruption() throws IOException {
        // Proves a hard state that claims more committed entries than survive stops the node.
        Path segment = writeLog(3, WriteAheadLog.DEFAULT_SEGMENT_BYTES).get(0);
        WalFiles.append(segment, WalFiles.hardStateRecord(new HardState(1, 1, 50)));
        String message = recoverFailure();
        assertTrue(message.contains("commit index 50 is beyond the last entry 3"), message);
    }

    @Test
    void foreignFileHeaderIsCorruption() throws IOException {
        // Proves a segment whose header is not ours is reported rather than replayed.
        Path segment = writeLog(2, WriteAheadLog.DEFAULT_SEGMENT_BYTES).get(0);
        WalFiles.flipByte(segment, 0);
        assertEquals("WAL corrupt: " + segment + " at offset 0: not a WAL segment"
                + " (bad magic number)", recoverFailure());
    }

    @Test
    void unexpectedSegmentNameIsCorruption() throws IOException {
        // Proves a stray .wal file is not silently skipped (it may hold records).
        writeLog(1, WriteAheadLog.DEFAULT_SEGMENT_BYTES);
        Path stray = walDirectory().resolve("copy.wal");
        Files.write(stray, new byte[] {1});
        assertEquals("WAL corrupt: " + stray + ": unexpected file name in the WAL directory",
                recoverFailure());
    }
}
