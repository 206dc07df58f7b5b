package io.raftdeck.storage.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each fault of the simulated disk does what real disks do, and only that. */
class SimulatedDiskTest {

    private static final Path DIRECTORY = Path.of("/data");
    private static final Path FILE = DIRECTORY.resolve("file");

    private final SimulatedDisk disk = new SimulatedDisk(new Random(42));

    @Test
    void syncedDataAndNamesSurviveAndUnsyncedOnesAreLost() throws IOException {
        // Proves a crash keeps what was forced and dir-synced, and LOSE_UNSYNCED nothing else.
        FileChannel channel = create(FILE);
        channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
        channel.force(false);
        disk.syncDirectory(DIRECTORY);
        channel.write(ByteBuffer.wrap(new byte[] {4}), 3);
        FileChannel unnamed = disk.open(DIRECTORY.resolve("never-synced-name"),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        unnamed.write(ByteBuffer.wrap(new byte[] {9}), 0);
        unnamed.force(false);
        disk.crash(CrashMode.LOSE_UNSYNCED);
        assertArrayEquals(new byte[] {1, 2, 3}, disk.readAllBytes(FILE));
        assertFalse(disk.exists(DIRECTORY.resolve("never-synced-name")),
                "a synced file whose name was never synced vanishes");
    }

    @Test
    void aTornWriteKeepsWholeSectorsFromItsStart() throws IOException {
        // Proves the write in flight is cut only at a sector boundary, its first part kept.
        byte[] written = new byte[4 * SimulatedDisk.SECTOR_BYTES];
        Arrays.fill(written, (byte) 7);
        List<Integer> keptLengths = new ArrayList<>();
        for (int run = 0; run < 30; run++) {
            SimulatedDisk fresh = new SimulatedDisk(new Random(run));
            fresh.createDirectory(DIRECTORY);
            fresh.syncDirectory(Path.of("/"));
            FileChannel channel = fresh.open(FILE, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            channel.force(false);
            fresh.syncDirectory(DIRECTORY);
            channel.write(ByteBuffer.wrap(written), 0);
            fresh.crash(CrashMode.TORN_IN_ORDER);
            byte[] kept = fresh.readAllBytes(FILE);
            int nonZero = 0;
            while (nonZero < kept.length && kept[nonZero] == 7) {
                nonZero++;
            }
            assertEquals(0, nonZero % SimulatedDisk.SECTOR_BYTES, "cut inside a sector");
            for (int i = nonZero; i < kept.length; i++) {
                assertEquals(0, kept[i], "after the cut only zeros (the size got through)");
            }
            keptLengths.add(nonZero);
        }
        assertTrue(keptLengths.contains(0) && keptLengths.stream().anyMatch(n -> n > 0),
                "some crashes keep part of the write, some none: " + keptLengths);
    }

    @Test
    void aFailedFsyncThrowsAndItsDataIsNotDurable() throws IOException {
        // Proves failSyncAt fails exactly that fsync with EIO, and a later "successful" one
        // does not bring back what the failed one dropped (the kernel marked it clean).
        FileChannel channel = create(FILE);
        disk.failSyncAt(1);
        channel.write(ByteBuffer.wrap(new byte[] {5, 5}), 0);
        IOException failed = assertThrows(IOException.class, () -> channel.force(false));
        assertEquals("Input/output error", failed.getMessage());
        channel.force(false);
        assertArrayEquals(new byte[] {5, 5}, disk.readAllBytes(FILE), "reads still see it");
        disk.crash(CrashMode.LOSE_UNSYNCED);
        // Default (in order): a prefix of its one sector got through, i.e. all or nothing.
        byte[] after = disk.readAllBytes(FILE);
        assertTrue(after.length == 0 || Arrays.equals(new byte[] {5, 5}, after),
                Arrays.toString(after));
    }

    @Test
    void aStalledFsyncIsReportedInVirtualTime() throws IOException {
        // Proves a stall shows up as the sync's duration, to the observer and on the clock.
        List<Long> durations = new ArrayList<>();
        disk.onSync((path, nanos) -> durations.add(nanos));
        FileChannel channel = create(FILE);
        disk.stallSyncs(1.0, 300_000_000L, 300_000_000L);
        long before = disk.clockNanos();
        channel.force(false);
        long stalled = durations.get(durations.size() - 1);
        assertTrue(stalled >= 300_000_000L, "stall " + stalled + " ns");
        assertEquals(stalled, disk.clockNanos() - before);
    }

    @Test
    void aRottenSectorIsReadBackWrongAfterACrash() throws IOException {
        // Proves corruptSector changes stored bytes inside the range it was given, for good.
        FileChannel channel = create(FILE);
        byte[] original = new byte[2048];
        new Random(1).nextBytes(original);
        channel.write(ByteBuffer.wrap(original), 0);
        channel.force(false);
        int offset = disk.corruptSector(FILE, 1000, 1100);
        assertTrue(offset >= 1000 && offset < 1100, "offset " + offset);
        disk.crash(CrashMode.LOSE_UNSYNCED);
        byte[] read = disk.readAllBytes(FILE);
        assertNotEquals(original[offset], read[offset]);
        assertArrayEquals(Arrays.copyOf(original, 1000), Arrays.copyOf(read, 1000));
    }

    private FileChannel create(Path file) throws IOException {
        if (!disk.exists(file.getParent())) {
            disk.createDirectory(file.getParent());
            disk.syncDirectory(file.getParent().getParent());
        }
        FileChannel channel = disk.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        disk.syncDirectory(file.getParent());
        return channel;
    }
}
