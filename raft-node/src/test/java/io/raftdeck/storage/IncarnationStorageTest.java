package io.raftdeck.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory's incarnation and the peers' ones it recorded, across restarts. */
class IncarnationStorageTest {

    @TempDir
    Path parent;

    @Test
    void theIncarnationIsDrawnAtTheClaimAndKeptOnEveryOpen() {
        // Proves a restart keeps the incarnation, and a directory made anew (emptied) has
        // another: the difference the peers go by.
        Path root = parent.resolve("node-1");
        Incarnation first = DataDirectory.open(root, 1).incarnation();
        assertEquals(first, DataDirectory.open(root, 1).incarnation());
        Path other = parent.resolve("node-1-again");
        assertNotEquals(first, DataDirectory.open(other, 1).incarnation());
    }

    @Test
    void aDirectoryFromBeforeIncarnationsGetsOneOnceAndKeepsIt() throws IOException {
        // Proves that a data dir made by a raftdeck without incarnations opens, gets one, and
        // keeps that one from then on.
        Path root = parent.resolve("old");
        DataDirectory.open(root, 2);
        Files.delete(root.resolve(DataDirectory.INCARNATION_FILE));
        Incarnation drawn = DataDirectory.open(root, 2).incarnation();
        assertEquals(drawn, DataDirectory.open(root, 2).incarnation());
    }

    @Test
    void aDamagedIncarnationFileIsRefusedNotReplaced() throws IOException {
        // Proves a damaged file stops the start with the file named, instead of a new
        // incarnation that the peers would refuse without saying why.
        Path root = parent.resolve("damaged");
        DataDirectory.open(root, 1);
        Files.writeString(root.resolve(DataDirectory.INCARNATION_FILE), "zz\n");
        StorageException refused = assertThrows(StorageException.class,
                () -> DataDirectory.open(root, 1));
        assertTrue(refused.getMessage().contains("damaged incarnation file"),
                refused.getMessage());
    }

    @Test
    void thePeersFirstIncarnationsAreRecordedDurablyAndKept() {
        // Proves trust on first use survives a restart: the first incarnation shown is the
        // one answered from then on, also after reloading the record from the directory.
        DataDirectory directory = DataDirectory.open(parent.resolve("node-1"), 1);
        Incarnation first = new Incarnation(7);
        Incarnation second = new Incarnation(8);
        PeerIncarnations known = PeerIncarnations.load(directory);
        assertEquals(Optional.empty(), known.known(2));
        assertEquals(first, known.admit(2, first));
        assertEquals(first, known.admit(2, second));
        assertEquals(second, known.admit(3, second));

        PeerIncarnations reloaded = PeerIncarnations.load(directory);
        assertEquals(first, reloaded.admit(2, second));
        assertEquals(Optional.of(second), reloaded.known(3));
    }

    @Test
    void aDamagedRecordOfPeersIsRefused() throws IOException {
        DataDirectory directory = DataDirectory.open(parent.resolve("node-1"), 1);
        Files.writeString(directory.root().resolve(PeerIncarnations.FILE), "2 nothex\n");
        StorageException refused = assertThrows(StorageException.class,
                () -> PeerIncarnations.load(directory));
        assertTrue(refused.getMessage().contains("damaged peer-incarnations"),
                refused.getMessage());
    }

    @Test
    void incarnationsReadBackAsWritten() {
        Incarnation drawn = Incarnation.random();
        assertEquals(drawn, Incarnation.parse(drawn.toString()));
        assertEquals("ffffffffffffffff", new Incarnation(-1).toString());
        assertThrows(IllegalArgumentException.class, () -> Incarnation.parse("0000000000000000"));
        assertThrows(IllegalArgumentException.class, () -> Incarnation.parse("abc"));
    }
}
