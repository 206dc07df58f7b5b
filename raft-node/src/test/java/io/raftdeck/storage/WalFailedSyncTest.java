package io.raftdeck.storage;

import static io.raftdeck.storage.TestEntries.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.HardState;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An fdatasync that fails (EIO from a dying disk) makes the WAL unusable for good: the save
 * that hit it fails, and no later save syncs again. Retrying would be a lie: after a failed
 * fsync Linux may drop the dirty pages and report the next fsync as a success.
 */
class WalFailedSyncTest {

    @TempDir
    Path root;

    /** Syncs for real until {@code failAt} calls were made, then fails that one. */
    private static final class FailingSync implements FileSync {
        final AtomicInteger calls = new AtomicInteger();
        private final int failAt;

        FailingSync(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public void force(FileChannel channel) throws IOException {
            if (calls.incrementAndGet() == failAt) {
                throw new IOException("Input/output error");
            }
            FileSync.FDATASYNC.force(channel);
        }
    }

    @Test
    void failedSyncOfAnAppendIsNeverRetried() throws IOException {
        // Proves the save whose fsync failed reports it with the file named, and every later
        // save fails without calling fsync again.
        FailingSync sync = new FailingSync(3);
        WriteAheadLog log = new WriteAheadLog(root.resolve("wal"), 1 << 20, sync);
        log.recover();
        log.save(new HardState(1, 1, 0), entries(1, 1, 1));
        log.save(null, entries(2, 2, 1));
        StorageException failed = assertThrows(StorageException.class,
                () -> log.save(null, entries(3, 3, 1)));
        assertTrue(failed.getMessage().contains("0000000000000001.wal")
                && failed.getMessage().contains("Input/output error"), failed.getMessage());
        for (int attempt = 0; attempt < 3; attempt++) {
            StorageException later = assertThrows(StorageException.class,
                    () -> log.save(new HardState(1, 1, 2), List.of()));
            assertTrue(later.getMessage().contains("unusable"), later.getMessage());
        }
        assertEquals(3, sync.calls.get(), "a failed fsync must not be retried");
        log.close();
    }

    @Test
    void failedSyncOfASealStopsTheLog() throws IOException {
        // Proves the seal's fsync, made while rolling to a new segment, is held to the same
        // rule: the roll fails, the log is unusable, nothing syncs again.
        FailingSync sync = new FailingSync(2);
        WriteAheadLog log = new WriteAheadLog(root.resolve("wal"), 1, sync);
        log.recover();
        log.save(null, entries(1, 1, 1)); // sync 1: the first segment's batch
        StorageException failed = assertThrows(StorageException.class,
                () -> log.save(null, entries(2, 2, 1))); // rolls: sync 2 is the seal's
        assertTrue(failed.getMessage().contains("sealing"), failed.getMessage());
        assertThrows(StorageException.class, () -> log.save(null, entries(2, 2, 1)));
        assertEquals(2, sync.calls.get());
        log.close();
    }
}
