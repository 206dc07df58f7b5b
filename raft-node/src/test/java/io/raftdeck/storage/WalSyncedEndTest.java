package io.raftdeck.storage;

import static io.raftdeck.storage.TestEntries.entries;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The torn-tail rule ({@link WalSegmentReader}): damage in data whose fdatasync returned is
 * corruption, damage in data never synced is a torn write, and each record's synced end is
 * what tells them apart. The log here: a synced batch (entries 1..3), a commit-only save that
 * is not synced, then a synced batch of three entries that each span more than two sectors.
 */
class WalSyncedEndTest {

    private static final HardState FIRST_HARD_STATE = new HardState(1, 1, 0);

    @TempDir
    Path dataDirectory;

    private Path walDirectory;
    private Path segment;
    private byte[] written;
    /** Record offsets: 0..2 entries 1..3, 3 the hard state, 4 the commit, 5..7 entries 4..6. */
    private List<Integer> offsets;

    @BeforeEach
    void writeLog() throws IOException {
        walDirectory = dataDirectory.resolve("wal");
        try (WriteAheadLog log = WalFiles.withoutPreallocation(walDirectory)) {
            log.recover();
            log.save(FIRST_HARD_STATE, entries(1, 3, 1));
            log.save(new HardState(1, 1, 2), List.of());
            log.save(null, List.of(large(4), large(5), large(6)));
        }
        segment = WalFiles.lastSegment(walDirectory);
        written = Files.readAllBytes(segment);
        offsets = WalFiles.recordOffsets(segment);
        assertEquals(8, offsets.size());
    }

    @Test
    void anUnsyncedBatchKeptOutOfOrderIsCutWithOneLine() throws IOException {
        // Proves a crash that kept later sectors of the unsynced batch but lost earlier ones
        // (writeback out of order) is a torn write, sound records after the hole included:
        // they vouch for nothing, so the log restarts without an operator, at the last sync.
        // The old rule refused it ("a sound record follows"): CrashRecoverySimulationTest
        // seed 26.
        int commit = offsets.get(4);
        int lostUpTo = sectorAfter(offsets.get(6));
        assertTrue(lostUpTo < offsets.get(7), "entry 6 lies wholly after the lost sectors");
        damage(bytes -> Arrays.fill(bytes, commit, lostUpTo, (byte) 0));
        List<String> logged = new ArrayList<>();
        RecoveredState state = WalLogLines.capture(logged, this::reopen);
        assertEquals(entries(1, 3, 1), state.entries());
        assertEquals(FIRST_HARD_STATE, state.hardState());
        assertEquals(commit, Files.size(segment));
        assertEquals(1, logged.size(), logged::toString);
        String line = logged.get(0);
        assertTrue(line.contains("offset " + commit) && line.contains(segment.toString())
                && line.contains("1 whole record of its unsynced batch") && !line.contains("\n"),
                line);
    }

    @Test
    void aHoleInASyncedBatchIsCorruptionEvenThoughItLooksTorn() throws IOException {
        // Proves zeros over a record that a later sound record vouches for are reported with
        // file and offset: the later batch was written only after this one's sync returned.
        int second = offsets.get(1);
        damage(bytes -> Arrays.fill(bytes, second, offsets.get(2), (byte) 0));
        String message = refusal();
        assertTrue(message.startsWith("WAL corrupt: " + segment + " at offset " + second + ": "),
                message);
        assertTrue(message.contains("in synced data (a sound record follows at offset "),
                message);
    }

    @Test
    void aTornLastRecordWithAnUnwrittenSectorIsCut() throws IOException {
        // Proves the last batch torn with a middle sector never written (the sectors after it
        // were) is cut to that batch's first damaged record, keeping everything synced.
        int entrySix = offsets.get(7);
        int hole = sectorAfter(entrySix);
        assertTrue(hole + WalSegmentReader.SECTOR_BYTES < written.length, "a sector follows");
        damage(bytes -> Arrays.fill(bytes, hole, hole + WalSegmentReader.SECTOR_BYTES,
                (byte) 0));
        RecoveredState state = reopen();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), state.entries().stream()
                .map(Entry::index).toList());
        assertEquals(entrySix, Files.size(segment));
    }

    @Test
    void aDamagedLengthInTheLastRecordIsNeverTakenForATear() throws IOException {
        // Proves rot in the final record's length, which would make it run into the space
        // after it and look torn, is caught by the header's own checksum and reported.
        int entrySix = offsets.get(7);
        damage(bytes -> bytes[entrySix + 2] ^= 0x10);
        String message = refusal();
        assertTrue(message.startsWith("WAL corrupt: " + segment + " at offset " + entrySix
                + ": record header checksum mismatch in a record written whole"), message);
    }

    @Test
    void everyRecordCarriesTheSyncedEndOfItsBatch() throws IOException {
        // Proves what the rule reads: a batch's records name where the last sync ended, and a
        // commit-only save, not synced, joins the batch after it.
        int firstBatch = WalSegment.HEADER_BYTES;
        int secondBatch = offsets.get(4);
        List<Integer> expected = List.of(firstBatch, firstBatch, firstBatch, firstBatch,
                secondBatch, secondBatch, secondBatch, secondBatch);
        assertEquals(expected, offsets.stream()
                .map(offset -> WalRecordCodec.syncedEnd(written, offset)).toList());
    }

    /** The first sector boundary after {@code offset}. */
    private static int sectorAfter(int offset) {
        return offset - offset % WalSegmentReader.SECTOR_BYTES + WalSegmentReader.SECTOR_BYTES;
    }

    private static Entry large(long index) {
        byte[] data = new byte[2 * WalSegmentReader.SECTOR_BYTES + 100];
        Arrays.fill(data, (byte) index);
        return Entry.command(index, 1, data);
    }

    private interface Damage {
        void apply(byte[] bytes);
    }

    private void damage(Damage damage) throws IOException {
        byte[] bytes = written.clone();
        damage.apply(bytes);
        Files.write(segment, bytes);
    }

    private String refusal() throws IOException {
        byte[] damaged = Files.readAllBytes(segment);
        StorageException refused = assertThrows(StorageException.class, this::reopen);
        assertArrayEquals(damaged, Files.readAllBytes(segment), "recovery must not repair");
        return refused.getMessage();
    }

    private RecoveredState reopen() throws IOException {
        try (WriteAheadLog log = WalFiles.withoutPreallocation(walDirectory)) {
            return log.recover();
        }
    }
}
