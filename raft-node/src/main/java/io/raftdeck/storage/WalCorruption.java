package io.raftdeck.storage;

import java.nio.file.Path;

/** Builds the one-line message a node stops with when the WAL cannot be trusted. */
final class WalCorruption {

    private WalCorruption() {
    }

    static StorageException at(Path file, long offset, String problem) {
        return new StorageException("WAL corrupt: " + file + " at offset " + offset + ": "
                + problem);
    }

    static StorageException in(Path file, String problem) {
        return new StorageException("WAL corrupt: " + file + ": " + problem);
    }
}
