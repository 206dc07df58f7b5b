package io.raftdeck.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot files: atomic writes, only the newest kept, damage reported by file name. */
class SnapshotStoreTest {

    @TempDir
    Path dataDirectory;

    private SnapshotStore store;

    @BeforeEach
    void open() throws IOException {
        store = new SnapshotStore(dataDirectory.resolve("snapshots"));
        store.open();
    }

    private static Snapshot snapshot(long index, long term, int bytes) {
        byte[] data = new byte[bytes];
        new Random(index).nextBytes(data);
        return new Snapshot(index, term, data);
    }

    private Path onlyFile() throws IOException {
        List<Path> files = store.list();
        assertEquals(1, files.size(), "files: " + files);
        return files.get(0);
    }

    @Test
    void savedSnapshotIsReadBackWhole() throws IOException {
        // Proves the layout (snapshots/snapshot-<index>-<term>.snap) and a byte-exact round trip.
        Snapshot saved = snapshot(1234, 7, 3 << 20);
        store.save(saved);

        assertEquals(SnapshotStore.fileName(1234, 7), onlyFile().getFileName().toString());
        assertEquals(saved, new SnapshotStore(store.directory()).loadNewest());
    }

    @Test
    void emptyStoreHasNoSnapshot() throws IOException {
        // Proves a node without a snapshot starts from index 1.
        assertEquals(Snapshot.NONE, store.loadNewest());
    }

    @Test
    void newerSnapshotReplacesTheOlderOne() throws IOException {
        // Proves only the newest snapshot stays on disk, so disk use is one snapshot.
        store.save(snapshot(10, 1, 100));
        store.save(snapshot(20, 2, 100));

        assertEquals(SnapshotStore.fileName(20, 2), onlyFile().getFileName().toString());
        assertEquals(20, store.loadNewest().index());
    }

    @Test
    void saveLeavesNoTemporaryFileAndACrashedSaveIsCleanedUp() throws IOException {
        // Proves the write goes through a temporary file that is renamed into place: a crash
        // mid-write leaves only a temporary file, which start-up removes, and the previous
        // snapshot is still the one loaded.
        store.save(snapshot(10, 1, 100));
        try (var files = Files.list(store.directory())) {
            assertTrue(files.noneMatch(file -> file.toString().endsWith(".tmp")));
        }
        Path torn = store.directory().resolve(SnapshotStore.fileName(20, 2) + ".tmp");
        Files.write(torn, new byte[] {1, 2, 3});

        SnapshotStore restarted = new SnapshotStore(store.directory());
        restarted.open();

        assertTrue(Files.notExists(torn));
        assertEquals(snapshot(10, 1, 100), restarted.loadNewest());
    }

    @Test
    void damagedDataIsReportedWithTheFileName() throws IOException {
        // Proves a flipped bit in the state is caught by the checksum, naming the file, never
        // silently skipped (that would lose every write the snapshot holds).
        store.save(snapshot(10, 1, 1000));
        Path file = onlyFile();
        WalFiles.flipByte(file, SnapshotStore.HEADER_BYTES + 500);

        StorageException damaged = assertThrows(StorageException.class, store::loadNewest);
        assertEquals("snapshot damaged: " + file + ": checksum mismatch", damaged.getMessage());
    }

    @Test
    void damagedHeaderAndTruncationAreReportedWithTheFileName() throws IOException {
        // Proves a damaged index field and a cut-off file are both reported, naming the file.
        store.save(snapshot(10, 1, 1000));
        Path file = onlyFile();
        WalFiles.flipByte(file, 15);
        assertTrue(assertThrows(StorageException.class, store::loadNewest).getMessage()
                .startsWith("snapshot damaged: " + file + ": "));

        store.save(snapshot(11, 1, 1000));
        Path second = onlyFile();
        WalFiles.truncate(second, 900);
        assertEquals("snapshot damaged: " + second + ": header says 1000 bytes of state but 864"
                + " follow", assertThrows(StorageException.class, store::loadNewest).getMessage());
    }

    @Test
    void foreignFileInTheDirectoryIsReported() throws IOException {
        // Proves a file the store never writes is not guessed at.
        Path stray = store.directory().resolve("old.snap");
        Files.writeString(stray, "not mine", StandardCharsets.UTF_8);
        assertThrows(StorageException.class, store::loadNewest);
    }
}
