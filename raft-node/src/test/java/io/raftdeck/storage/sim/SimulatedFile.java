package io.raftdeck.storage.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One file's data (an inode): what reads see now, what is on the platter, and the writes and
 * truncations in between, in order, so a crash can keep any part of them that a real disk
 * could. Not thread-safe; {@link SimulatedDisk} serializes every call.
 */
final class SimulatedFile {

    /** A write or truncation made since the last successful sync. */
    private record Change(long offset, byte[] bytes, long truncateTo) {

        static Change write(long offset, byte[] bytes) {
            return new Change(offset, bytes, -1);
        }

        static Change truncate(long size) {
            return new Change(-1, null, size);
        }

        boolean isTruncation() {
            return truncateTo >= 0;
        }
    }

    final long inode;
    private final int sectorBytes;
    private byte[] current = new byte[0];
    private byte[] durable = new byte[0];
    /** The durable bytes as of the last successful sync: what the file promises to hold. */
    private byte[] synced = new byte[0];
    private final List<Change> unsynced = new ArrayList<>();

    SimulatedFile(long inode, int sectorBytes) {
        this.inode = inode;
        this.sectorBytes = sectorBytes;
    }

    long size() {
        return current.length;
    }

    byte[] read() {
        return current.clone();
    }

    int read(long position, byte[] into, int offset, int length) {
        if (position >= current.length) {
            return -1;
        }
        int count = (int) Math.min(length, current.length - position);
        System.arraycopy(current, (int) position, into, offset, count);
        return count;
    }

    void write(long position, byte[] bytes) {
        current = written(current, position, bytes, 0, bytes.length);
        unsynced.add(Change.write(position, bytes));
    }

    void truncate(long size) {
        if (size < current.length) {
            current = Arrays.copyOf(current, (int) size);
            unsynced.add(Change.truncate(size));
        }
    }

    /** A successful fsync or fdatasync: everything so far is durable. */
    void sync() {
        durable = current.clone();
        synced = durable;
        unsynced.clear();
    }

    /**
     * A failed fsync, the way Linux fails one: some of the dirty data may have reached the
     * disk, the rest is marked clean anyway and will never be written unless written again.
     * Reads still see it until the next crash.
     */
    void failSync(CrashMode reachesTheDisk, Random random) {
        durable = persist(reachesTheDisk, random);
        unsynced.clear();
    }

    /** The file as it comes back after a power loss: durable data plus what {@code mode} kept. */
    void crash(CrashMode mode, Random random) {
        durable = persist(mode, random);
        current = durable.clone();
        unsynced.clear();
    }

    /** The bytes a crash now must keep: those of the last successful sync. */
    byte[] syncedBytes() {
        return synced.clone();
    }

    /** Flips bits in stored data, as a failing sector does; reads return them from now on. */
    void flipBits(int offset, int mask) {
        current[offset] ^= (byte) mask;
        if (offset < durable.length) {
            durable = durable.clone();
            durable[offset] ^= (byte) mask;
        }
    }

    private byte[] persist(CrashMode mode, Random random) {
        byte[] image = durable.clone();
        int kept = mode == CrashMode.TORN_IN_ORDER ? random.nextInt(unsynced.size() + 1)
                : unsynced.size();
        for (int i = 0; i < unsynced.size() && mode != CrashMode.LOSE_UNSYNCED; i++) {
            Change change = unsynced.get(i);
            if (mode == CrashMode.TORN_IN_ORDER && i > kept) {
                break;
            }
            if (change.isTruncation()) {
                if (i < kept || random.nextBoolean()) {
                    image = Arrays.copyOf(image, (int) Math.min(image.length, change.truncateTo));
                }
                continue;
            }
            image = persistWrite(image, change, mode, i == kept, random);
        }
        return image;
    }

    /** Keeps the sectors of one write that the mode lets through; unkept ones stay as they were. */
    private byte[] persistWrite(byte[] image, Change change, CrashMode mode, boolean inFlight,
                                Random random) {
        long end = change.offset + change.bytes.length;
        if (mode == CrashMode.TORN_IN_ORDER && !inFlight) {
            return written(image, change.offset, change.bytes, 0, change.bytes.length);
        }
        // In flight: a prefix of its sectors. Reordered: any subset.
        long tornAt = inFlight ? change.offset + random.nextInt(change.bytes.length + 1) : end;
        for (long sector = change.offset - change.offset % sectorBytes; sector < end;
                sector += sectorBytes) {
            long from = Math.max(sector, change.offset);
            long to = Math.min(sector + sectorBytes, end);
            boolean keep = mode == CrashMode.TORN_IN_ORDER ? to <= tornAt : random.nextBoolean();
            if (keep) {
                image = written(image, from, change.bytes, (int) (from - change.offset),
                        (int) (to - from));
            }
        }
        if (inFlight && image.length < end && random.nextBoolean()) {
            // The size reached the journal, the data did not: the rest reads as zeros.
            image = Arrays.copyOf(image, (int) end);
        }
        return image;
    }

    private static byte[] written(byte[] image, long position, byte[] bytes, int from,
                                  int length) {
        byte[] result = image;
        if (position + length > image.length) {
            result = Arrays.copyOf(image, (int) (position + length)); // a hole reads as zeros
        }
        System.arraycopy(bytes, from, result, (int) position, length);
        return result;
    }
}
