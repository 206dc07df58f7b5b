package io.raftdeck.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the storage contract against the disk storage (WAL and snapshot files), with tiny
 * segments so rolls and segment deletions happen too.
 */
class DiskStorageContractTest extends RaftStorageContract {

    private static final long TINY_SEGMENT_BYTES = 128;

    @TempDir
    Path dataDirectory;

    @Override
    RaftStorage create() {
        return new DiskStorage(new WriteAheadLog(dataDirectory.resolve("wal"),
                TINY_SEGMENT_BYTES), new SnapshotStore(dataDirectory.resolve("snapshots")));
    }

    @Override
    RaftStorage restart(RaftStorage crashed) {
        crashed.close();
        return create();
    }
}
