package io.raftdeck.storage;

import static io.raftdeck.storage.TestEntries.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.HardState;
import io.raftdeck.faults.DirectoryDeletion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAL whose files are deleted or replaced while it is open: the writes and syncs themselves
 * still succeed (they go to the open, unlinked file), so only the log's own check can tell, and
 * it fails for good before the save that would be acknowledged returns.
 */
class WalDeletedWhileInUseTest {

    @TempDir
    Path root;
    private Path dataDir;
    private WriteAheadLog log;

    @BeforeEach
    void openLogWithTwoEntries() throws IOException {
        dataDir = root.resolve("node-1");
        log = new WriteAheadLog(dataDir.resolve("wal"));
        log.recover();
        log.save(new HardState(1, 1, 0), List.of(entry(1, 1)));
        log.save(null, List.of(entry(2, 1)));
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void savingAfterTheDataDirWasDeletedFailsNamingItAndForGood() throws IOException {
        // Proves the synced save after 'rm -rf' of the data dir throws, naming the segment and
        // the data dir, and that the log refuses every later save and check.
        DirectoryDeletion.delete(dataDir);
        StorageException failed = assertThrows(StorageException.class,
                () -> log.save(null, List.of(entry(3, 1))));
        assertTrue(failed.getMessage().contains(dataDir.toString())
                && failed.getMessage().contains("0000000000000001.wal was deleted"),
                failed.getMessage());
        StorageException again = assertThrows(StorageException.class,
                () -> log.save(null, List.of(entry(3, 1))));
        assertEquals(failed.getMessage(), again.getMessage());
        assertThrows(StorageException.class, log::checkIntact);
    }

    @Test
    void checkNoticesADeletionWithoutAnySave() throws IOException {
        // Proves checkIntact alone (what an idle node runs once a second) finds the deletion.
        log.checkIntact();
        DirectoryDeletion.delete(dataDir.resolve("wal"));
        StorageException failed = assertThrows(StorageException.class, log::checkIntact);
        assertTrue(failed.getMessage().contains("deleted"), failed.getMessage());
    }

    @Test
    void aDataDirReplacedByACopyIsNoticedToo() throws IOException {
        // Proves a data dir moved aside and copied back (same names, other files) is caught:
        // the log would write on into the file that moved, which no restart reads.
        Path aside = root.resolve("node-1.moved");
        Files.move(dataDir, aside);
        Files.createDirectories(dataDir.resolve("wal"));
        try (Stream<Path> files = Files.list(aside.resolve("wal"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dataDir.resolve("wal").resolve(file.getFileName()),
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        StorageException failed = assertThrows(StorageException.class,
                () -> log.save(null, List.of(entry(3, 1))));
        assertTrue(failed.getMessage().contains("was replaced"), failed.getMessage());
    }

    @Test
    void anUntouchedLogPassesEveryCheck() throws IOException {
        // Proves the check costs nothing but a stat on a healthy log: saves and checks go on.
        for (long index = 3; index <= 20; index++) {
            log.save(null, List.of(entry(index, 1)));
            log.checkIntact();
        }
        log.close();
        try (WriteAheadLog reopened = new WriteAheadLog(dataDir.resolve("wal"))) {
            assertEquals(20, reopened.recover().entries().size());
        }
    }
}
