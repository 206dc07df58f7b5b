package io.raftdeck.storage;

import static io.raftdeck.storage.TestEntries.entries;
import static io.raftdeck.storage.TestEntries.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAL written by the version before records carried their synced end
 * ({@link WalSegment#FORMAT_CHECKSUMMED}) is still read, by the rule it was written under,
 * and the next save moves the log on to the current format. The files under
 * {@code src/test/resources/io/raftdeck/storage/wal-v1/} were written by that version itself
 * (commit c546e4c, segments of 300 bytes): entries 1..3 and 4..5 of term 1, a vote for 3 in
 * term 2 with entries 6..7, entry 8, a compaction at 3@1, entry 9, then a commit-only save
 * (commit 7); segment 1 is sealed, segment 2 is the last.
 */
class WalEarlierFormatTest {

    private static final HardState LAST_HARD_STATE = new HardState(2, 3, 7);
    private static final String[] FILES = {"0000000000000001.wal", "0000000000000002.wal"};

    @TempDir
    Path dataDirectory;

    private Path walDirectory;

    @BeforeEach
    void copyTheOldLog() throws IOException {
        walDirectory = dataDirectory.resolve("wal");
        Files.createDirectories(walDirectory);
        for (String file : FILES) {
            try (InputStream in = getClass().getResourceAsStream("wal-v1/" + file)) {
                Files.copy(in, walDirectory.resolve(file));
            }
        }
    }

    @Test
    void theOldLogRecoversWholeAndTheNextSaveStartsASegmentOfTheCurrentFormat()
            throws IOException {
        // Proves an upgrade keeps every record, and that records written after it are in the
        // new format only: the old last segment is sealed in its own layout, never mixed.
        try (WriteAheadLog log = new WriteAheadLog(walDirectory)) {
            RecoveredState state = log.recover();
            assertEquals(LAST_HARD_STATE, state.hardState());
            assertEquals(3, state.snapshot().index());
            assertEquals(1, state.snapshot().term());
            assertEquals(oldEntries(), state.entries());
            log.save(null, List.of(entry(10, 2)));
        }
        List<Path> segments = WalFiles.segments(walDirectory);
        assertEquals(3, segments.size());
        byte[] previous = Files.readAllBytes(segments.get(1));
        assertEquals(WalSegment.FORMAT_CHECKSUMMED, WalSegment.format(previous));
        List<Integer> offsets = WalFiles.recordOffsets(segments.get(1));
        WalRecordCodec old = new WalRecordCodec(WalSegment.FORMAT_CHECKSUMMED);
        assertEquals(WalRecordType.SEAL, old.type(previous, offsets.get(offsets.size() - 1)));
        assertEquals(WalSegment.FORMAT_SYNCED_END,
                WalSegment.format(Files.readAllBytes(segments.get(2))));
        List<Entry> expected = oldEntries();
        expected.add(entry(10, 2));
        assertEquals(expected, reopen().entries());
    }

    @Test
    void aTornTailOfTheOldFormatIsCutAsBefore() throws IOException {
        // Proves the old rule still reads old files: a last record cut short is a torn write.
        Path last = walDirectory.resolve(FILES[1]);
        WalFiles.truncate(last, Files.size(last) - 3);
        RecoveredState state = reopen();
        assertEquals(new HardState(2, 3, 6), state.hardState());
        assertEquals(oldEntries(), state.entries());
    }

    @Test
    void damageBeforeASoundRecordOfTheOldFormatIsCorruption() throws IOException {
        // Proves the old rule's guard too: a bad record with a sound one after it is reported.
        Path last = walDirectory.resolve(FILES[1]);
        int first = WalFiles.recordOffsets(last).get(0);
        WalFiles.flipByte(last, first + WalRecordCodec.CHECKSUMMED_HEADER_BYTES + 2);
        StorageException refused = assertThrows(StorageException.class, this::reopen);
        assertTrue(refused.getMessage().startsWith("WAL corrupt: " + last + " at offset "
                + first + ": checksum mismatch (a sound record follows"), refused.getMessage());
    }

    private static List<Entry> oldEntries() {
        List<Entry> entries = new ArrayList<>(entries(4, 5, 1));
        entries.addAll(entries(6, 9, 2));
        return entries;
    }

    private RecoveredState reopen() throws IOException {
        try (WriteAheadLog log = WalFiles.withoutPreallocation(walDirectory)) {
            return log.recover();
        }
    }
}
