package io.raftdeck.storage.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.storage.DiskStorage;
import io.raftdeck.storage.RecoveredState;
import io.raftdeck.storage.SnapshotStore;
import io.raftdeck.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Found by CrashRecoverySimulationTest, seed 2: storage created in a directory whose parents
 * did not exist yet synced only the innermost new name, so a power loss took the whole data
 * dir and every vote and entry synced into it.
 */
class NewDataDirectoryCrashTest {

    @Test
    void storageMadeWithItsParentsSurvivesAPowerLoss() throws IOException {
        // Proves a synced save in a data dir created with missing parents is recovered after
        // a crash that loses everything unsynced.
        SimulatedDisk disk = new SimulatedDisk(new Random(1));
        Path data = Path.of("/var/lib/raftdeck/node-1");
        HardState voted = new HardState(3, 2, 1);
        List<Entry> entries = List.of(Entry.command(1, 3, new byte[] {7}));
        try (DiskStorage storage = open(disk, data)) {
            storage.recover();
            storage.save(voted, entries);
        }
        disk.crash(CrashMode.LOSE_UNSYNCED);
        try (DiskStorage storage = open(disk, data)) {
            RecoveredState recovered = storage.recover();
            assertEquals(voted, recovered.hardState());
            assertEquals(entries, recovered.entries());
        }
    }

    private static DiskStorage open(SimulatedDisk disk, Path data) {
        return new DiskStorage(new WriteAheadLog(data.resolve("wal"), 1 << 16, disk),
                new SnapshotStore(data.resolve("snapshots"), disk));
    }
}
