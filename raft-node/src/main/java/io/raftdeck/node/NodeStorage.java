package io.raftdeck.node;

import io.raftdeck.storage.DataDirectory;
import io.raftdeck.storage.DiskStorage;
import io.raftdeck.storage.Incarnation;
import io.raftdeck.storage.MemoryStorage;
import io.raftdeck.storage.PeerIncarnations;
import io.raftdeck.storage.RaftStorage;
import io.raftdeck.storage.RecoveredState;
import io.raftdeck.storage.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a node's storage for start-up: the WAL and snapshots in its data directory (claimed for
 * this node id, and locked so that a second copy of the node cannot recover — and cut the
 * "torn" tail of — a log the first is still writing), or memory when there is no data dir.
 */
final class NodeStorage implements AutoCloseable {

    static final String LOCK_FILE = "lock";

    private final RaftStorage storage;
    private final RecoveredState recovered;
    private final Incarnation incarnation;
    private final PeerIncarnations peerIncarnations;
    private final FileLock lock;

    private NodeStorage(RaftStorage storage, RecoveredState recovered, Incarnation incarnation,
                        PeerIncarnations peerIncarnations, FileLock lock) {
        this.storage = storage;
        this.recovered = recovered;
        this.incarnation = incarnation;
        this.peerIncarnations = peerIncarnations;
        this.lock = lock;
    }

    RaftStorage storage() {
        return storage;
    }

    RecoveredState recovered() {
        return recovered;
    }

    /** This life of the node's data; a node in memory has a new one on every start. */
    Incarnation incarnation() {
        return incarnation;
    }

    PeerIncarnations peerIncarnations() {
        return peerIncarnations;
    }

    static NodeStorage open(NodeConfig config) throws StartupException {
        if (config.dataDir() == null) {
            MemoryStorage memory = new MemoryStorage();
            return new NodeStorage(memory, memory.recover(), Incarnation.random(),
                    PeerIncarnations.inMemory(), null);
        }
        DataDirectory directory;
        try {
            directory = DataDirectory.open(config.dataDir(), config.id());
        } catch (StorageException e) {
            throw new StartupException(e.getMessage(), e);
        }
        FileLock lock = lock(directory.root());
        PeerIncarnations peers;
        try {
            peers = PeerIncarnations.load(directory);
        } catch (StorageException e) {
            release(lock);
            throw new StartupException(e.getMessage(), e);
        }
        DiskStorage disk = directory.openStorage(config.walSegmentBytes());
        try {
            return new NodeStorage(disk, disk.recover(), directory.incarnation(), peers, lock);
        } catch (IOException | StorageException e) {
            disk.close();
            release(lock);
            throw new StartupException("cannot recover the data in " + directory.root() + ": "
                    + e.getMessage(), e);
        }
    }

    private static FileLock lock(Path root) throws StartupException {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException e) {
            // Held by this very JVM: another in-process node uses the directory.
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupException("cannot lock data dir " + root + ": " + e.getMessage(), e);
        }
        closeQuietly(channel);
        throw new StartupException("data dir " + root + " is in use by another running node");
    }

    private static void release(FileLock lock) {
        if (lock != null) {
            closeQuietly(lock.channel()); // closing the channel releases the lock
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written through it; the lock goes with the process anyway.
        }
    }

    /** Closes the storage, then lets the next start of this node have the directory. */
    @Override
    public void close() {
        storage.close();
        release(lock);
    }
}
