package io.raftdeck.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the disk storage (WAL and snapshot files, tiny segments) and the in-memory twin with
 * the same random saves (appends, overwrites, hard states, compactions, installed snapshots,
 * invalid batches, restarts) and checks they always agree.
 */
class StorageEquivalenceTest {

    private static final int SEEDS = 10;
    private static final int STEPS = 80;

    @TempDir
    Path dataDirectory;

    @Test
    void walAndMemoryAgreeOnRandomSaves() throws IOException {
        // Proves MemoryStorage has exactly the WAL's semantics, restarts included.
        for (long seed = 1; seed <= SEEDS; seed++) {
            runSeed(seed, dataDirectory.resolve("node-" + seed));
        }
    }

    private static DiskStorage disk(Path directory) {
        return new DiskStorage(new WriteAheadLog(directory.resolve("wal"), 256),
                new SnapshotStore(directory.resolve("snapshots")));
    }

    private void runSeed(long seed, Path directory) throws IOException {
        Random random = new Random(seed);
        MemoryStorage memory = new MemoryStorage();
        DiskStorage wal = disk(directory);
        wal.recover();
        long lastIndex = 0;
        long term = 1;
        long commitIndex = 0;
        for (int step = 0; step < STEPS; step++) {
            String where = "seed " + seed + " step " + step;
            if (random.nextInt(10) == 0) {
                memory = memory.reopen();
                wal.close();
                wal = disk(directory);
                assertEquals(memory.recover(), wal.recover(), where);
                continue;
            }
            if (random.nextInt(8) == 0) {
                Snapshot snapshot = randomSnapshot(random, memory, lastIndex, term);
                boolean install = random.nextInt(3) == 0;
                if (snapshotBoth(memory, wal, snapshot, install, where)) {
                    lastIndex = install ? snapshot.index() : lastIndex;
                    term = Math.max(term, snapshot.term());
                    commitIndex = Math.max(commitIndex, snapshot.index());
                }
                continue;
            }
            long first = commitIndex + 1 + random.nextInt((int) (lastIndex - commitIndex + 1));
            if (random.nextInt(20) == 0) {
                first = lastIndex + 2; // a gap: both must refuse it
            }
            term += random.nextInt(3) == 0 ? 1 : 0;
            List<Entry> batch = batch(random, first, random.nextInt(6), term);
            long newLast = batch.isEmpty() ? lastIndex : first + batch.size() - 1;
            HardState hardState = random.nextBoolean() ? null
                    : new HardState(term, random.nextInt(4),
                            commitIndex + random.nextInt((int) (newLast - commitIndex) + 2));
            if (!saveBoth(memory, wal, hardState, batch, where)) {
                continue;
            }
            lastIndex = newLast;
            commitIndex = hardState == null ? commitIndex : hardState.commitIndex();
        }
        wal.close();
        try (DiskStorage reopened = disk(directory)) {
            assertEquals(memory.recover(), reopened.recover(), "seed " + seed + " at the end");
        }
    }

    /**
     * Mostly snapshots a storage could be asked for (a compaction at an entry it holds, an
     * install past its end), sometimes ones it must refuse.
     */
    private static Snapshot randomSnapshot(Random random, MemoryStorage memory, long lastIndex,
                                           long term) {
        RecoveredState state = memory.recover();
        long first = state.snapshot().index();
        long index = first + random.nextInt((int) (lastIndex - first) + 3);
        long indexTerm = term + random.nextInt(2);
        for (Entry entry : state.entries()) {
            if (entry.index() == index && random.nextInt(4) != 0) {
                indexTerm = entry.term();
            }
        }
        byte[] data = new byte[random.nextInt(64)];
        random.nextBytes(data);
        return new Snapshot(Math.max(1, index), indexTerm, data);
    }

    /** Stores in both; both must accept, or both must refuse. Returns whether accepted. */
    private static boolean snapshotBoth(MemoryStorage memory, DiskStorage disk,
            Snapshot snapshot, boolean install, String where) {
        try {
            store(memory, snapshot, install);
        } catch (IllegalArgumentException refused) {
            assertThrows(IllegalArgumentException.class, () -> store(disk, snapshot, install),
                    where + ": memory refused (" + refused.getMessage() + ") but disk accepted");
            return false;
        }
        store(disk, snapshot, install);
        return true;
    }

    private static void store(RaftStorage storage, Snapshot snapshot, boolean install) {
        if (install) {
            storage.installSnapshot(snapshot);
        } else {
            storage.saveSnapshot(snapshot);
        }
    }

    /** Saves to both; both must accept, or both must refuse. Returns whether accepted. */
    private static boolean saveBoth(MemoryStorage memory, DiskStorage wal,
            HardState hardState, List<Entry> batch, String where) {
        try {
            memory.save(hardState, batch);
        } catch (IllegalArgumentException refused) {
            assertThrows(IllegalArgumentException.class, () -> wal.save(hardState, batch),
                    where + ": memory refused (" + refused.getMessage() + ") but WAL accepted");
            return false;
        }
        wal.save(hardState, batch);
        return true;
    }

    private static List<Entry> batch(Random random, long first, int count, long term) {
        List<Entry> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            EntryType type = random.nextInt(8) == 0 ? EntryType.NOOP : EntryType.COMMAND;
            batch.add(new Entry(first + i, term, type, data));
        }
        return batch;
    }
}
