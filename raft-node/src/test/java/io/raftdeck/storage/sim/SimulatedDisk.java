package io.raftdeck.storage.sim;

import io.raftdeck.storage.StorageFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A disk in memory under the real storage code ({@link StorageFiles}), with the faults real
 * disks have: a crash ({@link #crash}) keeps what was synced and, by {@link CrashMode}, none,
 * some or torn parts of the rest, names included; an fsync can fail ({@link #failSyncAt}) or
 * stall ({@link #stallSyncs}, in virtual time, told to a {@link SyncObserver}); a sector can
 * rot ({@link #corruptSector}); and the power can go in the middle of any operation
 * ({@link #crashAtOperation}). Every choice comes from one seeded {@link Random}, so a run
 * replays exactly from its seed. Paths are absolute; "/" always exists.
 */
public final class SimulatedDisk implements StorageFiles {

    /** The unit a disk writes atomically: a crash tears a write only between sectors. */
    public static final int SECTOR_BYTES = 512;
    private static final long BASE_SYNC_NANOS = 200_000;

    private final Random random;
    private final SimulatedDirectory root;
    private final List<NameChange> unsyncedNames = new ArrayList<>();
    private final List<SimulatedDirectory> directories = new ArrayList<>();
    private final List<SimulatedFile> files = new ArrayList<>();
    private long nextInode = 1;
    /** Bumped by each crash: channels opened before it belong to a dead process. */
    private int generation;
    private long operationsUntilCrash = -1;
    private long syncsUntilFailure = -1;
    private boolean powerLost;
    private double stallProbability;
    private long stallMinNanos;
    private long stallMaxNanos;
    private long clockNanos;
    private SyncObserver syncObserver = SyncObserver.NONE;
    /** Files whose fsync this disk acknowledges without syncing anything: a lying disk. */
    private Predicate<Path> ignoredSyncs = path -> false;
    /** What of a failed fsync's data still reaches the disk: any sectors, or a prefix. */
    private CrashMode failedSyncKeeps = CrashMode.TORN_IN_ORDER;

    public SimulatedDisk(Random random) {
        this.random = random;
        this.root = newDirectory();
    }

    /** The power goes during the {@code operations}-th change of the disk from now (1: next). */
    public synchronized void crashAtOperation(long operations) {
        operationsUntilCrash = operations;
    }

    /** The {@code syncs}-th fsync from now (1: the next) fails with EIO. */
    public synchronized void failSyncAt(long syncs) {
        syncsUntilFailure = syncs;
    }

    /** Each fsync stalls with {@code probability} for a uniform time in [min, max] ns. */
    public synchronized void stallSyncs(double probability, long minNanos, long maxNanos) {
        stallProbability = probability;
        stallMinNanos = minNanos;
        stallMaxNanos = maxNanos;
    }

    /**
     * Whether a failed fsync leaves any subset of its sectors on the disk
     * ({@link CrashMode#REORDERED_SECTORS}) or the writes in order, the last one torn (the
     * default).
     */
    public synchronized void failedSyncKeeps(CrashMode mode) {
        failedSyncKeeps = mode;
    }

    /**
     * The disk lies about fsyncs of the files {@code ignored} accepts (a write cache that
     * ignores flushes): they return at once and sync nothing, so a crash loses or tears their
     * data as if no fsync had been asked for. Directory syncs are not affected.
     */
    public synchronized void ignoreSyncsOf(Predicate<Path> ignored) {
        ignoredSyncs = ignored;
    }

    public synchronized void onSync(SyncObserver observer) {
        syncObserver = observer;
    }

    /** Virtual time spent in fsyncs so far. */
    public synchronized long clockNanos() {
        return clockNanos;
    }

    /** Whether the power went during an operation ({@link #crashAtOperation}). */
    public synchronized boolean powerLost() {
        return powerLost;
    }

    /**
     * Power loss and reboot: every file and name comes back as the platter holds it, which
     * {@code mode} decides for whatever was not synced. Handles from before stop working.
     */
    public synchronized void crash(CrashMode mode) {
        List<NameChange> kept = new ArrayList<>();
        int inOrder = random.nextInt(unsyncedNames.size() + 1);
        for (int i = 0; i < unsyncedNames.size(); i++) {
            boolean keep = switch (mode) {
                case LOSE_UNSYNCED -> false;
                case TORN_IN_ORDER -> i < inOrder;
                case REORDERED_SECTORS -> random.nextBoolean();
            };
            if (keep) {
                kept.add(unsyncedNames.get(i));
            }
        }
        kept.forEach(NameChange::makeDurable);
        unsyncedNames.clear();
        directories.forEach(SimulatedDirectory::crash);
        for (SimulatedFile file : files) {
            file.crash(mode, random);
        }
        generation++;
        powerLost = false;
        operationsUntilCrash = -1;
        syncsUntilFailure = -1;
    }

    /**
     * Flips one to three bits in one sector of {@code file}, at offsets in [from, to): a
     * sector gone bad, read back wrong from now on.
     *
     * @return the offset of the first flipped byte
     */
    public synchronized int corruptSector(Path file, int from, int to) throws IOException {
        SimulatedFile data = file(file);
        if (from < 0 || to > data.size() || from >= to) {
            throw new IllegalArgumentException("no bytes in [" + from + ", " + to + ") of "
                    + file + " (" + data.size() + " bytes)");
        }
        int offset = from + random.nextInt(to - from);
        int sectorEnd = Math.min(to, offset - offset % SECTOR_BYTES + SECTOR_BYTES);
        int first = offset;
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
            data.flipBits(offset, 1 << random.nextInt(8));
            first = Math.min(first, offset);
            offset += random.nextInt(sectorEnd - offset);
        }
        return first;
    }

    /** The bytes {@code file} held at its last successful fsync: what a crash must keep. */
    public synchronized byte[] syncedBytes(Path file) throws IOException {
        return file(file).syncedBytes();
    }

    /** Every file and directory now, with sizes and inodes: for a failing seed's trace. */
    public synchronized String describe() {
        StringBuilder tree = new StringBuilder();
        describe(root, "", tree);
        return tree.toString();
    }

    private static void describe(SimulatedDirectory directory, String path, StringBuilder tree) {
        for (String name : directory.entries.keySet().stream().sorted().toList()) {
            Object entry = directory.entries.get(name);
            if (entry instanceof SimulatedDirectory child) {
                tree.append(' ').append(path).append('/').append(name).append("/#")
                        .append(child.inode);
                describe(child, path + "/" + name, tree);
            } else {
                SimulatedFile file = (SimulatedFile) entry;
                tree.append(' ').append(path).append('/').append(name).append('#')
                        .append(file.inode).append('=').append(file.size());
            }
        }
    }

    @Override
    public synchronized FileChannel open(Path path, OpenOption... options) throws IOException {
        Set<OpenOption> set = Set.of(options);
        if (set.contains(StandardOpenOption.APPEND)) {
            throw new UnsupportedOperationException("APPEND is not simulated");
        }
        SimulatedDirectory parent = directory(path.getParent());
        String name = name(path);
        Object existing = parent.entries.get(name);
        if (existing instanceof SimulatedDirectory) {
            throw new IOException(path + ": is a directory");
        }
        boolean createNew = set.contains(StandardOpenOption.CREATE_NEW);
        if (existing != null && createNew) {
            throw new FileAlreadyExistsException(path.toString());
        }
        SimulatedFile file = (SimulatedFile) existing;
        if (file == null) {
            if (!createNew && !set.contains(StandardOpenOption.CREATE)) {
                throw new NoSuchFileException(path.toString());
            }
            boolean crashes = operation("create " + path);
            file = new SimulatedFile(nextInode++, SECTOR_BYTES);
            files.add(file);
            setName(parent, name, file);
            powerGone(crashes, "create " + path);
        } else if (set.contains(StandardOpenOption.TRUNCATE_EXISTING)
                && set.contains(StandardOpenOption.WRITE)) {
            boolean crashes = operation("truncate " + path);
            file.truncate(0);
            powerGone(crashes, "truncate " + path);
        }
        boolean writable = set.contains(StandardOpenOption.WRITE);
        boolean readable = set.contains(StandardOpenOption.READ) || !writable;
        return new SimulatedFileChannel(this, file, path, generation, readable, writable);
    }

    @Override
    public synchronized byte[] readAllBytes(Path path) throws IOException {
        return file(path).read();
    }

    @Override
    public synchronized long size(Path path) throws IOException {
        return file(path).size();
    }

    @Override
    public synchronized boolean exists(Path path) {
        return lookup(path) != null;
    }

    @Override
    public synchronized boolean isDirectory(Path path) {
        return lookup(path) instanceof SimulatedDirectory;
    }

    /** The simulated disk has no permissions: every directory is the process's own. */
    @Override
    public synchronized boolean isAccessible(Path path) {
        return isDirectory(path);
    }

    @Override
    public synchronized void createDirectory(Path path) throws IOException {
        SimulatedDirectory parent = directory(path.getParent());
        if (parent.entries.containsKey(name(path))) {
            throw new FileAlreadyExistsException(path.toString());
        }
        boolean crashes = operation("mkdir " + path);
        setName(parent, name(path), newDirectory());
        powerGone(crashes, "mkdir " + path);
    }

    @Override
    public synchronized List<Path> list(Path path) throws IOException {
        SimulatedDirectory directory = directory(path);
        // Sorted, so a run does not depend on hash order; the callers must not rely on it.
        return directory.entries.keySet().stream().sorted().map(path::resolve).toList();
    }

    @Override
    public synchronized void moveAtomically(Path source, Path target) throws IOException {
        SimulatedDirectory from = directory(source.getParent());
        Object moved = from.entries.get(name(source));
        if (moved == null) {
            throw new NoSuchFileException(source.toString());
        }
        SimulatedDirectory to = directory(target.getParent());
        if (to.entries.get(name(target)) instanceof SimulatedDirectory) {
            throw new FileAlreadyExistsException(target.toString());
        }
        boolean crashes = operation("rename " + source + " to " + target);
        from.entries.remove(name(source));
        to.entries.put(name(target), moved);
        unsyncedNames.add(new NameChange(List.of(
                new NameChange.Part(from, name(source), null),
                new NameChange.Part(to, name(target), moved))));
        powerGone(crashes, "rename " + source + " to " + target);
    }

    @Override
    public synchronized void delete(Path path) throws IOException {
        SimulatedDirectory parent = directory(path.getParent());
        Object deleted = parent.entries.get(name(path));
        if (deleted == null) {
            throw new NoSuchFileException(path.toString());
        }
        if (deleted instanceof SimulatedDirectory directory && !directory.entries.isEmpty()) {
            throw new DirectoryNotEmptyException(path.toString());
        }
        boolean crashes = operation("delete " + path);
        setName(parent, name(path), null);
        powerGone(crashes, "delete " + path);
    }

    @Override
    public synchronized void syncDirectory(Path path) throws IOException {
        SimulatedDirectory directory = directory(path);
        powerGone(operation("sync directory " + path), "sync directory " + path);
        sync(path, () -> {
            for (Iterator<NameChange> changes = unsyncedNames.iterator(); changes.hasNext(); ) {
                NameChange change = changes.next();
                if (change.touches(directory)) {
                    change.makeDurable();
                    changes.remove();
                }
            }
        }, () -> {
            // Some of the names reached the disk (the oldest, unless writes are reordered),
            // the rest never will unless changed again.
            boolean keeping = true;
            for (Iterator<NameChange> changes = unsyncedNames.iterator(); changes.hasNext(); ) {
                NameChange change = changes.next();
                if (change.touches(directory)) {
                    keeping = failedSyncKeeps == CrashMode.REORDERED_SECTORS ? random.nextBoolean()
                            : keeping && random.nextBoolean();
                    if (keeping) {
                        change.makeDurable();
                    }
                    changes.remove();
                }
            }
        });
    }

    @Override
    public synchronized Object fileKey(Path path) throws IOException {
        Object found = lookup(path);
        if (found == null) {
            throw new NoSuchFileException(path.toString());
        }
        return found instanceof SimulatedFile file ? file.inode
                : ((SimulatedDirectory) found).inode;
    }

    // Called by the channels.

    synchronized void write(SimulatedFileChannel channel, SimulatedFile file, long position,
                            byte[] bytes) throws IOException {
        checkAlive(channel);
        boolean crashes = operation("write " + channel.path());
        file.write(position, bytes);
        powerGone(crashes, "write " + channel.path());
    }

    synchronized void truncate(SimulatedFileChannel channel, SimulatedFile file, long size)
            throws IOException {
        checkAlive(channel);
        boolean crashes = operation("truncate " + channel.path());
        file.truncate(size);
        powerGone(crashes, "truncate " + channel.path());
    }

    synchronized void force(SimulatedFileChannel channel, SimulatedFile file)
            throws IOException {
        checkAlive(channel);
        if (ignoredSyncs.test(channel.path())) {
            return; // never reaches the platter, so not a change of the disk either
        }
        powerGone(operation("fsync " + channel.path()), "fsync " + channel.path());
        sync(channel.path(), file::sync, () -> file.failSync(failedSyncKeeps, random));
    }

    synchronized void checkAlive(SimulatedFileChannel channel) throws IOException {
        if (powerLost) {
            throw new SimulatedCrash("use of " + channel.path() + " after the power went");
        }
        if (channel.generation() != generation) {
            throw new IOException(channel.path() + ": handle from before a crash");
        }
    }

    private void sync(Path path, Runnable success, Runnable failure) throws IOException {
        long nanos = BASE_SYNC_NANOS + (long) (random.nextDouble() * BASE_SYNC_NANOS);
        if (stallProbability > 0 && random.nextDouble() < stallProbability) {
            nanos += stallMinNanos + (long) (random.nextDouble() * (stallMaxNanos - stallMinNanos));
        }
        clockNanos += nanos;
        syncObserver.synced(path, nanos);
        if (syncsUntilFailure > 0 && --syncsUntilFailure == 0) {
            failure.run();
            throw new IOException("Input/output error");
        }
        success.run();
    }

    /**
     * Counts a change of the disk toward the crash point.
     *
     * @return whether the power goes during this change: the caller makes the change (in the
     *     page cache, so the crash may keep, tear or lose it), then calls {@link #powerGone};
     *     a sync is cut short before it makes anything durable
     */
    private boolean operation(String what) {
        if (powerLost) {
            throw new SimulatedCrash(what + " after the power went");
        }
        if (operationsUntilCrash > 0 && --operationsUntilCrash == 0) {
            powerLost = true;
            return true;
        }
        return false;
    }

    private static void powerGone(boolean crashes, String what) {
        if (crashes) {
            throw new SimulatedCrash(what);
        }
    }

    private void setName(SimulatedDirectory directory, String name, Object target) {
        if (target == null) {
            directory.entries.remove(name);
        } else {
            directory.entries.put(name, target);
        }
        unsyncedNames.add(new NameChange(List.of(new NameChange.Part(directory, name, target))));
    }

    private SimulatedDirectory newDirectory() {
        SimulatedDirectory directory = new SimulatedDirectory(nextInode++);
        directories.add(directory);
        return directory;
    }

    private Object lookup(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Object node = root;
        for (Path element : absolute) {
            if (!(node instanceof SimulatedDirectory directory)) {
                return null;
            }
            node = directory.entries.get(element.toString());
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private SimulatedDirectory directory(Path path) throws IOException {
        Object found = lookup(path);
        if (found == null) {
            throw new NoSuchFileException(path.toString());
        }
        if (!(found instanceof SimulatedDirectory directory)) {
            throw new NotDirectoryException(path.toString());
        }
        return directory;
    }

    private SimulatedFile file(Path path) throws IOException {
        Object found = lookup(path);
        if (found == null) {
            throw new NoSuchFileException(path.toString());
        }
        if (!(found instanceof SimulatedFile file)) {
            throw new IOException(path + ": is a directory");
        }
        return file;
    }

    private static String name(Path path) {
        return path.getFileName().toString();
    }
}
