package io.raftdeck.storage.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.raftdeck.storage.DiskStorage;
import io.raftdeck.storage.RecoveredState;
import io.raftdeck.storage.SnapshotStore;
import io.raftdeck.storage.StorageException;
import io.raftdeck.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real DiskStorage (WAL and snapshot store, unchanged) on a simulated disk, seed by seed:
 * random saves, compactions and installed snapshots, then a crash at a random point (between
 * calls, or in the middle of any write, sync, create, rename or delete) that keeps, tears or
 * loses what was not synced; sometimes a failed fsync first, sometimes a rotten sector after.
 * Recovery must come back with what was promised, exactly: the state of the last call that
 * returned with a sync, or a later one a crash could have kept; never a lost write, never an
 * invented one. A rotten sector may instead stop it with the damaged file named, never be
 * taken for good data; a failed fsync must fail the call as a StorageException.
 * A failing seed prints itself; {@code -Dseed=N} replays it, {@code -Dseeds=N} runs more.
 */
class CrashRecoverySimulationTest {

    private static final int DEFAULT_SEEDS = 400;
    private static final int CRASHES_PER_SEED = 6;
    private static final int MAX_CALLS_PER_RUN = 40;
    private static final Path DATA = Path.of("/node-1");
    private static final long[] SEGMENT_BYTES = {256, 1024, 4096, 1 << 16};

    private static Level storageLogLevel;

    @BeforeAll
    static void quietTornTailWarnings() {
        // Every crash cuts a torn tail with one WARNING line: thousands of them here.
        Logger storage = Logger.getLogger("io.raftdeck.storage");
        storageLogLevel = storage.getLevel();
        storage.setLevel(Level.SEVERE);
    }

    @AfterAll
    static void restoreLogging() {
        Logger.getLogger("io.raftdeck.storage").setLevel(storageLogLevel);
    }

    @Test
    void everyPromiseSurvivesEveryCrash() {
        // Proves that for every seed run, recovery after each crash (all unsynced data lost,
        // or kept in order up to a torn write) returns a promised state.
        runSeeds(List.of(CrashMode.LOSE_UNSYNCED, CrashMode.TORN_IN_ORDER), false);
    }

    @Test
    void rotInTheFinalRecordIsNeverTakenForATornWrite() {
        // Proves a rotten sector anywhere in synced WAL data is reported, never cut silently.
        runSeeds(List.of(CrashMode.LOSE_UNSYNCED, CrashMode.TORN_IN_ORDER), true);
    }

    @Test
    void everyPromiseSurvivesCrashesThatReorderWriteback() {
        // Proves the same when a crash keeps any subset of the unsynced sectors and names.
        runSeeds(List.of(CrashMode.values()), false);
    }

    private static void runSeeds(List<CrashMode> modes, boolean rotsFinalRecord) {
        String only = System.getProperty("seed");
        if (only != null) {
            runSeed(Long.parseLong(only), modes, rotsFinalRecord);
            return;
        }
        int seeds = Integer.getInteger("seeds", DEFAULT_SEEDS);
        for (long seed = 1; seed <= seeds; seed++) {
            runSeed(seed, modes, rotsFinalRecord);
        }
    }

    private static void runSeed(long seed, List<CrashMode> modes, boolean rotsFinalRecord) {
        SeedRun run = new SeedRun(seed, modes, rotsFinalRecord);
        try {
            run.run();
        } catch (AssertionError | RuntimeException | IOException e) {
            throw new AssertionError("seed " + seed + " failed (replay: -Dseed=" + seed + "): "
                    + e.getMessage() + "\n" + run.trace(), e);
        }
    }

    /** One seed: a disk, a workload and the crashes, with a trace to print on failure. */
    private static final class SeedRun {
        private final Random random;
        private final SimulatedDisk disk;
        private final StorageWorkload workload;
        private final long segmentBytes;
        private final List<String> trace = new ArrayList<>();
        private final List<CrashMode> modes;
        private final boolean rotsFinalRecord;
        private PromisedStates promised;

        SeedRun(long seed, List<CrashMode> modes, boolean rotsFinalRecord) {
            this.modes = modes;
            this.rotsFinalRecord = rotsFinalRecord;
            random = new Random(seed);
            disk = new SimulatedDisk(new Random(seed * 7919));
            workload = new StorageWorkload(new Random(seed * 104729));
            segmentBytes = SEGMENT_BYTES[random.nextInt(SEGMENT_BYTES.length)];
            disk.stallSyncs(0.02, 200_000_000L, 800_000_000L);
            if (modes.contains(CrashMode.REORDERED_SECTORS)) {
                disk.failedSyncKeeps(CrashMode.REORDERED_SECTORS);
            }
        }

        String trace() {
            int from = Math.max(0, trace.size() - 60);
            return "segment bytes " + segmentBytes + "; last steps:\n  "
                    + String.join("\n  ", trace.subList(from, trace.size()));
        }

        void run() throws IOException {
            for (int crash = 0; crash <= CRASHES_PER_SEED; crash++) {
                DiskStorage storage = recover();
                if (storage == null) {
                    return; // a rotten sector stopped the node, as it must
                }
                if (crash == CRASHES_PER_SEED) {
                    storage.close();
                    return;
                }
                runUntilCrash(storage);
                CrashMode mode = modes.get(random.nextInt(modes.size()));
                trace.add("disk before the crash:" + disk.describe());
                disk.crash(mode);
                trace.add("crash, " + mode + "; disk after it:" + disk.describe());
            }
        }

        /**
         * Recovers, checks what came back, and returns the storage, or null when recovery
         * rightly refused a disk with a rotten sector.
         */
        private DiskStorage recover() throws IOException {
            String rotten = random.nextInt(5) == 0 ? rotSector() : null;
            if (random.nextInt(6) == 0) {
                // The power may go during recovery too: cutting a torn tail, dropping a
                // half-made segment, completing an interrupted snapshot.
                int at = 1 + random.nextInt(6);
                disk.crashAtOperation(at);
                try {
                    open().recover();
                    trace.add("recovered, the crash planned at operation " + at
                            + " did not come");
                    disk.crashAtOperation(0);
                } catch (SimulatedCrash crash) {
                    trace.add("crash during recovery: " + crash.getMessage());
                    disk.crash(modes.get(random.nextInt(modes.size())));
                } catch (StorageException refused) {
                    disk.crashAtOperation(0);
                    return checkRefusal(refused, rotten);
                }
            }
            DiskStorage storage = open();
            RecoveredState recovered;
            try {
                recovered = storage.recover();
            } catch (StorageException refused) {
                return checkRefusal(refused, rotten);
            }
            trace.add("recovered " + PromisedStates.summary(recovered));
            if (promised == null) {
                promised = new PromisedStates(recovered);
            } else if (!promised.allows(recovered)) {
                fail("recovered " + PromisedStates.summary(recovered) + " but the promise was "
                        + promised.describe() + (rotten == null ? "" : "; " + rotten));
            }
            promised.restartFrom(recovered);
            return storage;
        }

        private DiskStorage checkRefusal(StorageException refused, String rotten) {
            trace.add("recovery refused: " + refused.getMessage());
            if (rotten == null) {
                throw new AssertionError("recovery refused a disk that only crashed: "
                        + refused.getMessage(), refused);
            }
            String file = rotten.substring(rotten.indexOf(' ') + 1, rotten.indexOf(" at "));
            assertTrue(refused.getMessage().contains(file), "the refusal must name the rotten "
                    + "file " + file + ": " + refused.getMessage());
            return null;
        }

        /** Runs calls until the crash point, a failed fsync, or the end of this run. */
        private void runUntilCrash(DiskStorage storage) {
            int calls = 1 + random.nextInt(MAX_CALLS_PER_RUN);
            int fault = random.nextInt(4);
            if (fault == 0) {
                disk.crashAtOperation(1 + random.nextInt(calls * 4));
            } else if (fault == 1) {
                disk.failSyncAt(1 + random.nextInt(calls));
            }
            for (int call = 0; call < calls; call++) {
                RecoveredState before = promised.current();
                StorageOperation operation = workload.next(before);
                if (!promised.accepts(operation)) {
                    continue;
                }
                trace.add(operation.toString());
                try {
                    promised.returned(operation.applyTo(storage));
                } catch (SimulatedCrash crash) {
                    trace.add("  " + crash.getMessage());
                    promised.interrupted(operation);
                    return;
                } catch (StorageException failed) {
                    // A failed fsync: the node fail-stops here, and nothing more is saved.
                    trace.add("  failed: " + failed.getMessage());
                    assertTrue(fault == 1, "storage failed with no fault injected: "
                            + failed.getMessage());
                    if (failed.getMessage().startsWith("WAL")) {
                        // Never retried: after a failed fsync the kernel may have dropped the
                        // pages and report the next one as a success. (A failed snapshot file
                        // is not retried either: the next snapshot is a new file.)
                        assertThrows(StorageException.class,
                                () -> storage.save(null, List.of()),
                                "a WAL whose fsync failed must stay failed");
                    }
                    promised.interrupted(operation);
                    storage.close();
                    return;
                }
            }
            disk.crashAtOperation(0);
            disk.failSyncAt(0);
        }

        /**
         * Flips bits in one sector of a file recovery reads (a WAL segment or the newest
         * snapshot), inside what was synced to it.
         *
         * @return "rotted FILE at OFFSET", or null when no file has synced bytes
         */
        private String rotSector() throws IOException {
            List<Path> candidates = new ArrayList<>();
            List<Path> segments = filesEndingWith(DATA.resolve("wal"), ".wal");
            candidates.addAll(segments);
            List<Path> snapshots = filesEndingWith(DATA.resolve("snapshots"), ".snap");
            if (!snapshots.isEmpty()) {
                candidates.add(snapshots.get(snapshots.size() - 1));
            }
            Path newest = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            candidates.removeIf(file -> rotEnd(file, file.equals(newest)) == 0);
            if (candidates.isEmpty()) {
                return null;
            }
            Path file = candidates.get(random.nextInt(candidates.size()));
            int offset = disk.corruptSector(file, 0, rotEnd(file, file.equals(newest)));
            String rotten = "rotted " + file + " at " + offset;
            trace.add(rotten);
            return rotten;
        }

        /**
         * Where rot may go in {@code file}: its synced bytes; in the newest segment, unless
         * asked, only those before its final record: that one no later record vouches for, so
         * only its shape tells rot from a tear, and a test of its own asks for it.
         */
        private int rotEnd(Path file, boolean newestSegment) {
            int end = syncedEnd(file);
            if (!newestSegment || rotsFinalRecord) {
                return end;
            }
            try {
                return finalRecordStart(disk.syncedBytes(file), end);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /**
         * Where the last record before {@code end} starts, walking the WAL's record frames
         * (a 16-byte segment header; each record a type byte, a 4-byte payload length, 13
         * header bytes in all, the payload and a 4-byte CRC); 0 when there is none.
         */
        private static int finalRecordStart(byte[] segment, int end) {
            int start = 0;
            for (int offset = 16; offset + 17 <= end; ) {
                start = offset;
                offset += 17 + java.nio.ByteBuffer.wrap(segment).getInt(offset + 1);
            }
            return start;
        }

        /** The end of the synced bytes that are still in the file, zeros at the end left out. */
        private int syncedEnd(Path file) {
            try {
                byte[] synced = disk.syncedBytes(file);
                int end = (int) Math.min(synced.length, disk.size(file));
                while (end > 0 && synced[end - 1] == 0) {
                    end--;
                }
                return end;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        private List<Path> filesEndingWith(Path directory, String suffix) throws IOException {
            if (!disk.isDirectory(directory)) {
                return List.of();
            }
            return disk.list(directory).stream()
                    .filter(file -> file.getFileName().toString().endsWith(suffix)).toList();
        }

        private DiskStorage open() {
            return new DiskStorage(new WriteAheadLog(DATA.resolve("wal"), segmentBytes, disk),
                    new SnapshotStore(DATA.resolve("snapshots"), disk));
        }
    }
}
