package io.raftdeck.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.core.HardState;
import io.raftdeck.storage.RecoveredState;
import io.raftdeck.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL benchmark's body, run a few times outside JMH: it must really write what it says. */
class WalAppendBenchmarkTest {

    @TempDir
    Path temp;

    @Test
    void eachSaveMakesItsBatchDurableAndTeardownRemovesTheLog() throws IOException {
        WalAppendBenchmark benchmark = new WalAppendBenchmark();
        benchmark.entriesPerSave = 16;
        benchmark.openWal(temp.resolve("wal"));
        EntryCounter counter = new EntryCounter();

        for (int save = 1; save <= 5; save++) {
            assertEquals(16L * save, benchmark.save(counter));
        }
        assertEquals(80, counter.entries);

        // Every save was synced, so a copy taken now is what a crash would leave behind.
        Path crashCopy = copyOf(benchmark.directory(), temp.resolve("copy"));
        benchmark.deleteWal();
        assertFalse(Files.exists(temp.resolve("wal")));

        RecoveredState recovered = recover(crashCopy);
        assertEquals(new HardState(WalBatchLoad.TERM, WalBatchLoad.LEADER_ID, 64),
                recovered.hardState());
        assertEntries(recovered.entries(), 1, 80);
    }

    @Test
    void jmhSetupOpensAFreshLogAndTeardownRemovesIt() throws IOException {
        // The path JMH takes: its own temporary directory, holding the WAL's.
        System.setProperty(BenchDirectory.BASE_PROPERTY, temp.toString());
        try {
            WalAppendBenchmark benchmark = new WalAppendBenchmark();
            benchmark.entriesPerSave = 1;
            benchmark.openWal();
            assertEquals(1, benchmark.save(new EntryCounter()));
            benchmark.deleteWal();
            try (var left = Files.list(temp)) {
                assertEquals(0, left.count());
            }
        } finally {
            System.clearProperty(BenchDirectory.BASE_PROPERTY);
        }
    }

    @Test
    void compactionKeepsTheLogsDiskUseBounded() throws IOException {
        Path directory = temp.resolve("wal");
        long segmentBytes = 4096;
        long compactAfterBytes = 16384;
        try (WalBatchLoad load = WalBatchLoad.open(directory, 16, segmentBytes,
                compactAfterBytes)) {
            for (int save = 0; save < 300; save++) {
                load.saveBatch();
                // The segments written since the last compaction, plus the current one.
                assertTrue(load.segmentFiles().size() <= compactAfterBytes / segmentBytes + 3,
                        "segments after save " + save + ": " + load.segmentFiles());
            }
            assertTrue(load.compactions() >= 20, "compactions: " + load.compactions());
            assertEquals(4800, load.lastIndex());
        }
        RecoveredState recovered = recover(directory);
        assertEquals(4784, recovered.hardState().commitIndex());
        long first = recovered.snapshot().index() + 1;
        assertTrue(first > 4000, "compacted log starts at " + first);
        assertEntries(recovered.entries(), first, 4800);
    }

    @Test
    void refusesAMemoryFileSystem() {
        Path base = Path.of("/dev/shm");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> BenchDirectory.requireRealDisk(base, "tmpfs"));
        assertTrue(refused.getMessage().contains("-Draftdeck.bench.dir="),
                refused.getMessage());
        BenchDirectory.requireRealDisk(base, "ext4");
    }

    private static void assertEntries(List<Entry> entries, long first, long last) {
        assertEquals(last - first + 1, entries.size());
        byte[] value = new byte[WalBatchLoad.VALUE_BYTES];
        java.util.Arrays.fill(value, (byte) 'v');
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            assertEquals(first + i, entry.index());
            assertEquals(WalBatchLoad.TERM, entry.term());
            assertEquals(EntryType.COMMAND, entry.type());
            assertArrayEquals(value, entry.data());
        }
    }

    private static RecoveredState recover(Path directory) throws IOException {
        try (WriteAheadLog wal = new WriteAheadLog(directory)) {
            return wal.recover();
        }
    }

    private static Path copyOf(Path directory, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }
}
