package io.raftdeck.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the storage contract against the WAL, with tiny segments so rolls happen too. */
class WriteAheadLogContractTest extends RaftStorageContract {

    private static final long TINY_SEGMENT_BYTES = 128;

    @TempDir
    Path dataDirectory;

    @Override
    RaftStorage create() {
        return new WriteAheadLog(dataDirectory.resolve("wal"), TINY_SEGMENT_BYTES);
    }

    @Override
    RaftStorage restart(RaftStorage crashed) {
        crashed.close();
        return create();
    }
}
