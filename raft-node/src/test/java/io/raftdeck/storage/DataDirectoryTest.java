package io.raftdeck.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.raftdeck.core.HardState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data dir knows which node it belongs to, and says so in one line when misused. */
class DataDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void newDirectoryIsCreatedAndClaimed() throws IOException {
        // Proves opening a missing dir creates it and records the node id.
        Path root = parent.resolve("node-3");
        DataDirectory directory = DataDirectory.open(root, 3);
        assertEquals("3", Files.readString(root.resolve("node-id")).strip());
        assertEquals(root.resolve("wal"), directory.walDirectory());
        assertEquals(3, DataDirectory.open(root, 3).nodeId());
    }

    @Test
    void directoryOfAnotherNodeIsRefused() {
        // Proves a node cannot start on another node's log.
        Path root = parent.resolve("data");
        DataDirectory.open(root, 2);
        StorageException error = assertThrows(StorageException.class,
                () -> DataDirectory.open(root, 3));
        assertEquals("data dir " + root + " belongs to node 2, not node 3", error.getMessage());
    }

    @Test
    void regularFileIsRefused() throws IOException {
        // Proves a file given as data dir fails with a clear message.
        Path file = Files.writeString(parent.resolve("file"), "x");
        StorageException error = assertThrows(StorageException.class,
                () -> DataDirectory.open(file, 1));
        assertEquals("data dir " + file + " is not a directory", error.getMessage());
    }

    @Test
    void damagedNodeIdFileIsRefused() throws IOException {
        // Proves an unparseable node-id file is reported, not overwritten.
        Path root = Files.createDirectory(parent.resolve("data"));
        Files.writeString(root.resolve("node-id"), "banana\u0001", StandardCharsets.UTF_8);
        StorageException error = assertThrows(StorageException.class,
                () -> DataDirectory.open(root, 1));
        assertEquals("data dir " + root + " has a damaged node-id file: 'banana?'",
                error.getMessage());
    }

    @Test
    void walWithoutNodeIdIsNotClaimed() throws IOException {
        // Proves a log of unknown ownership is never adopted by whichever node opens it first.
        Path root = parent.resolve("data");
        try (WriteAheadLog log = new WriteAheadLog(root.resolve("wal"))) {
            log.recover();
            log.save(new HardState(1, 1, 0), List.of());
        }
        StorageException error = assertThrows(StorageException.class,
                () -> DataDirectory.open(root, 1));
        assertEquals("data dir " + root + " has a WAL but no node-id file;"
                + " refusing to guess whose log it is", error.getMessage());
    }

    @Test
    void emptyWalLeftByACrashDuringTheClaimIsTakenOver() throws IOException {
        // Proves a crash after the claim created the WAL but before it wrote the id (a WAL
        // holding nothing but its first segment's header) does not block the next start.
        Path root = parent.resolve("data");
        try (WriteAheadLog log = new WriteAheadLog(root.resolve("wal"))) {
            log.recover();
        }
        assertEquals(2, DataDirectory.open(root, 2).nodeId());
        assertEquals("2", Files.readString(root.resolve("node-id")).strip());
    }

    @Test
    void deletedWalDirectoryIsRefused() throws IOException {
        // Proves a data dir whose WAL directory vanished (votes and entries with it) is not
        // started as a blank node, which could vote twice in a term it already voted in.
        Path root = parent.resolve("data");
        DataDirectory.open(root, 1);
        assertTrue(Files.isDirectory(root.resolve("wal")), "the claim creates the WAL");
        Files.delete(root.resolve("wal").resolve("0000000000000001.wal"));
        Files.delete(root.resolve("wal"));
        StorageException error = assertThrows(StorageException.class,
                () -> DataDirectory.open(root, 1));
        assertEquals("data dir " + root + " belongs to node 1 but its wal directory is missing"
                + " (deleted?); refusing to start on a log that may have lost entries and votes",
                error.getMessage());
    }

    @Test
    void unwritableDirectoryIsRefused() throws IOException {
        // Proves a data dir the node cannot write fails at start with a one-line message.
        Path root = Files.createDirectory(parent.resolve("locked"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-x------"));
        try {
            assumeFalse(Files.isWritable(root), "permissions do not bind this user (root)");
            StorageException error = assertThrows(StorageException.class,
                    () -> DataDirectory.open(root, 1));
            assertEquals("data dir " + root + " is not readable and writable",
                    error.getMessage());
        } finally {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void writeAheadLogLivesInTheWalDirectory() throws IOException {
        // Proves the WAL opened through the data dir writes under DATA/wal.
        DataDirectory directory = DataDirectory.open(parent.resolve("data"), 1);
        try (WriteAheadLog log = directory.openWriteAheadLog()) {
            log.recover();
        }
        assertEquals(1, WalFiles.segments(directory.walDirectory()).size());
    }
}
