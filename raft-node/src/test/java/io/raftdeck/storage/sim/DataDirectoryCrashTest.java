package io.raftdeck.storage.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.storage.DataDirectory;
import io.raftdeck.storage.DiskStorage;
import io.raftdeck.storage.Incarnation;
import io.raftdeck.storage.RecoveredState;
import io.raftdeck.storage.StorageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A data directory opened on the simulated disk, as the node simulator opens each node's: its
 * claim (WAL, incarnation, node id) goes through the storage seam, so a power loss can strike
 * anywhere in it.
 */
class DataDirectoryCrashTest {

    private static final Path ROOT = Path.of("/var/lib/raftdeck/node-2");

    @Test
    void aPowerLossAnywhereInTheClaimLeavesADirectoryThatOpens() throws IOException {
        // Proves that whichever change of the disk the power goes in, the next open claims or
        // keeps the directory for its node, and the incarnation is the same from then on.
        for (long operation = 1; ; operation++) {
            SimulatedDisk disk = new SimulatedDisk(new Random(operation));
            disk.crashAtOperation(operation);
            try {
                DataDirectory.open(ROOT, 2, disk);
            } catch (SimulatedCrash crash) {
                CrashMode mode = operation % 2 == 0 ? CrashMode.LOSE_UNSYNCED
                        : CrashMode.TORN_IN_ORDER;
                disk.crash(mode);
                Incarnation claimed = DataDirectory.open(ROOT, 2, disk).incarnation();
                assertEquals(claimed, DataDirectory.open(ROOT, 2, disk).incarnation(),
                        "after a crash at operation " + operation);
                continue;
            }
            assertTrue(operation > 5, "the claim changes the disk more than " + operation
                    + " times");
            return;
        }
    }

    @Test
    void aClaimedDirectoryKeepsItsOwnerAndLogAcrossAPowerLoss() throws IOException {
        // Proves the claim and a synced save are durable on the simulated disk: after a crash
        // that loses everything unsynced the directory is node 2's, with the same incarnation
        // and the saved vote and entry, and node 3 is refused.
        SimulatedDisk disk = new SimulatedDisk(new Random(7));
        DataDirectory directory = DataDirectory.open(ROOT, 2, disk);
        HardState voted = new HardState(4, 2, 0);
        List<Entry> entries = List.of(Entry.command(1, 4, new byte[] {1}));
        try (DiskStorage storage = directory.openStorage(1 << 12)) {
            storage.recover();
            storage.save(voted, entries);
        }
        disk.crash(CrashMode.LOSE_UNSYNCED);
        DataDirectory reopened = DataDirectory.open(ROOT, 2, disk);
        assertEquals(directory.incarnation(), reopened.incarnation());
        try (DiskStorage storage = reopened.openStorage(1 << 12)) {
            RecoveredState recovered = storage.recover();
            assertEquals(voted, recovered.hardState());
            assertEquals(entries, recovered.entries());
        }
        assertThrows(StorageException.class, () -> DataDirectory.open(ROOT, 3, disk));
    }
}
