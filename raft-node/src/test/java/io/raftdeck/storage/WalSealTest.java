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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals: a finished segment ends with a record naming its successor, written once that
 * successor is durable. Recovery tells a deleted trailing segment (refused: it may have held
 * the node's latest vote and acknowledged entries) from every state a crash while rolling can
 * leave (repaired).
 */
class WalSealTest {

    /** Tiny segments: every save of this test's entries rolls to a new one. */
    private static final long SEGMENT_BYTES = 64;

    @TempDir
    Path root;
    private Path walDirectory;

    @BeforeEach
    void writeFourSegments() throws IOException {
        walDirectory = root.resolve("wal");
        try (WriteAheadLog log = open()) {
            log.recover();
            for (long index = 1; index <= 4; index++) {
                log.save(new HardState(1, 1, index - 1), List.of(entry(index, 1)));
            }
        }
        assertEquals(4, WalFiles.segments(walDirectory).size());
    }

    private WriteAheadLog open() {
        return new WriteAheadLog(walDirectory, SEGMENT_BYTES);
    }

    private RecoveredState reopen() throws IOException {
        try (WriteAheadLog log = open()) {
            return log.recover();
        }
    }

    private Path segment(int sequence) {
        return WalSegment.in(walDirectory, sequence).path();
    }

    private static int lastRecordType(Path segment) throws IOException {
        List<Integer> offsets = WalFiles.recordOffsets(segment);
        return new WalRecordCodec().type(Files.readAllBytes(segment),
                offsets.get(offsets.size() - 1));
    }

    /** Leaves the state of a crash after segment 4 was created but before 3 was sealed. */
    private void crashBeforeSealing(long sealBytesLeft) throws IOException {
        Files.delete(segment(4));
        WalFiles.truncate(segment(3), Files.size(segment(3))
                - WalRecordCodec.SEAL_RECORD_BYTES + sealBytesLeft);
        try (FileChannel created = FileChannel.open(segment(4), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            WalSegment.in(walDirectory, 4).writeHeader(created);
        }
    }

    @Test
    void everyFinishedSegmentEndsWithASealNamingTheNext() throws IOException {
        // Proves the roll seals the segment it leaves, and only that one.
        for (int sequence = 1; sequence <= 3; sequence++) {
            assertEquals(WalRecordType.SEAL, lastRecordType(segment(sequence)));
            byte[] bytes = Files.readAllBytes(segment(sequence));
            List<Integer> offsets = WalFiles.recordOffsets(segment(sequence));
            assertEquals(sequence + 1,
                    new WalRecordCodec().readSeal(bytes, offsets.get(offsets.size() - 1)));
        }
        assertEquals(WalRecordType.HARD_STATE, lastRecordType(segment(4)));
        assertEquals(entries(1, 4, 1), reopen().entries());
    }

    @Test
    void deletedTrailingSegmentIsRefusedNamingTheSealedOne() throws IOException {
        // Proves the newest segment's loss (the latest vote and acknowledged entries with it)
        // stops the start instead of silently running on a shorter log.
        Files.delete(segment(4));
        StorageException refused = assertThrows(StorageException.class, this::reopen);
        assertTrue(refused.getMessage().contains(segment(3).toString())
                && refused.getMessage().contains("segment 4")
                && refused.getMessage().contains("missing"), refused.getMessage());
    }

    @Test
    void deletedOnlySegmentIsRefused() throws IOException {
        // Proves a WAL directory emptied of its segments is refused, not started blank: the
        // directory is only ever created holding its first segment.
        for (int sequence = 1; sequence <= 4; sequence++) {
            Files.delete(segment(sequence));
        }
        StorageException refused = assertThrows(StorageException.class, this::reopen);
        assertTrue(refused.getMessage().contains("no segment left"), refused.getMessage());
    }

    @Test
    void crashAfterCreatingTheNextSegmentButBeforeTheSealIsRepaired() throws IOException {
        // Proves the roll's first crash window: the new segment is durable and empty, the old
        // one unsealed. Recovery drops the empty segment and appends to the old one.
        crashBeforeSealing(0);
        assertEquals(entries(1, 3, 1), reopen().entries());
        assertFalse(Files.exists(segment(4)), "the empty segment is discarded");
        try (WriteAheadLog log = open()) {
            log.recover();
            log.save(null, List.of(entry(4, 2)));
        }
        List<Entry> expected = new ArrayList<>(entries(1, 3, 1));
        expected.add(entry(4, 2));
        assertEquals(expected, reopen().entries());
    }

    @Test
    void tornSealIsCutAndTheEmptyNextSegmentDiscarded() throws IOException {
        // Proves the roll's second crash window: the seal itself torn part way.
        for (long left = 1; left < WalRecordCodec.SEAL_RECORD_BYTES; left += 5) {
            writeFourSegmentsAgain();
            crashBeforeSealing(left);
            assertEquals(entries(1, 3, 1), reopen().entries(), "seal bytes left: " + left);
            assertEquals(WalRecordType.HARD_STATE, lastRecordType(segment(3)));
        }
    }

    private void writeFourSegmentsAgain() throws IOException {
        try (var files = Files.list(walDirectory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(walDirectory);
        writeFourSegments();
    }

    @Test
    void tornBytesBeyondASealInTheSegmentBeforeAnEmptyOneAreCorruption() throws IOException {
        // Proves the allowance for a torn seal is no more than a seal: a damaged entry record
        // at the end of the second-to-last segment is not cut as if it were torn.
        crashBeforeSealing(0);
        long size = Files.size(segment(3));
        WalFiles.flipByte(segment(3), (int) size - 3);
        StorageException refused = assertThrows(StorageException.class, this::reopen);
        assertTrue(refused.getMessage().contains(segment(3).toString()), refused.getMessage());
    }

    @Test
    void emptyNewestSegmentAfterASealIsKept() throws IOException {
        // Proves a sealed segment followed by an empty (header-only) newest one is a crash
        // right after the roll, and appends continue in the new segment.
        WalFiles.truncate(segment(4), WalSegment.HEADER_BYTES);
        assertEquals(entries(1, 3, 1), reopen().entries());
        assertTrue(Files.exists(segment(4)));
    }

    @Test
    void tornHeaderAfterASealIsCorruption() throws IOException {
        // Proves a zeroed newest segment after a seal is damage, not a crash: the header is
        // synced before the seal is written.
        Files.write(segment(4), new byte[256]);
        StorageException refused = assertThrows(StorageException.class, this::reopen);
        assertTrue(refused.getMessage().contains(segment(4).toString()), refused.getMessage());
    }

    @Test
    void unsealedSegmentFollowedByRecordsIsRefused() throws IOException {
        // Proves a finished segment that lost its seal is corruption when the next one holds
        // records: the roll writes nothing to the next segment before the seal is durable.
        WalFiles.truncate(segment(2), Files.size(segment(2)) - WalRecordCodec.SEAL_RECORD_BYTES);
        StorageException refused = assertThrows(StorageException.class, this::reopen);
        assertTrue(refused.getMessage().contains(segment(2).toString())
                && refused.getMessage().contains("never sealed"), refused.getMessage());
    }

    @Test
    void recordAfterTheSealIsRefused() throws IOException {
        // Proves nothing may follow a seal in its segment.
        WalFiles.append(segment(2), WalFiles.hardStateRecord(new HardState(1, 1, 1)));
        StorageException refused = assertThrows(StorageException.class, this::reopen);
        assertTrue(refused.getMessage().contains("follows the seal"), refused.getMessage());
    }

    @Test
    void sealNamingAnotherSegmentIsRefused() throws IOException {
        // Proves a seal is checked against the segment that really follows.
        WalFiles.truncate(segment(2), Files.size(segment(2)) - WalRecordCodec.SEAL_RECORD_BYTES);
        WalFiles.append(segment(2), WalFiles.rawRecord(WalRecordType.SEAL,
                ByteBuffer.allocate(8).putLong(7).array()));
        StorageException refused = assertThrows(StorageException.class, this::reopen);
        assertTrue(refused.getMessage().contains("names segment 7"), refused.getMessage());
    }

    @Test
    void crashWhileCreatingTheDirectoryIsRepaired() throws IOException {
        // Proves a staging directory left by a crash during creation is cleared and the WAL
        // created whole, with its first segment.
        Path fresh = root.resolve("fresh");
        Path staging = Files.createDirectory(root.resolve("fresh.new"));
        Files.write(staging.resolve("0000000000000001.wal"), new byte[3]);
        try (WriteAheadLog log = new WriteAheadLog(fresh)) {
            assertTrue(log.recover().entries().isEmpty());
        }
        assertFalse(Files.exists(staging));
        assertEquals(List.of(WalSegment.in(fresh, 1).path()), WalFiles.segments(fresh));
    }
}
