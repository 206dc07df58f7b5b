package io.raftdeck.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A node's data directory: {@code node-id} (whose data this is), {@code incarnation} (which
 * life of it: drawn when the directory is claimed, see {@link Incarnation}),
 * {@code peer-incarnations} ({@link PeerIncarnations}), {@code wal/} and {@code snapshots/}.
 * Opening it for the wrong node id fails, because a node that starts on another node's log
 * would vote and acknowledge with a history that is not its own, breaking Raft's safety.
 */
public final class DataDirectory {

    static final String NODE_ID_FILE = "node-id";
    static final String WAL_DIRECTORY = "wal";
    static final String SNAPSHOT_DIRECTORY = "snapshots";
    static final String INCARNATION_FILE = "incarnation";

    private final Path root;
    private final int nodeId;
    private final StorageFiles files;
    private Incarnation incarnation;

    private DataDirectory(Path root, int nodeId, StorageFiles files) {
        this.root = root;
        this.nodeId = nodeId;
        this.files = files;
    }

    /**
     * Creates the directory if needed, checks that it is usable and that it belongs to
     * {@code nodeId}, claiming it for that id when new.
     *
     * @throws StorageException with a one-line message saying what is wrong
     */
    public static DataDirectory open(Path root, int nodeId) {
        return open(root, nodeId, StorageFiles.SYSTEM);
    }

    /**
     * {@link #open(Path, int)} on {@code files}: the real file system, or a simulated disk that
     * a test crashes under the node.
     */
    public static DataDirectory open(Path root, int nodeId, StorageFiles files) {
        if (nodeId < 1) {
            throw new IllegalArgumentException("node id must be >= 1, was " + nodeId);
        }
        Path directory = root.toAbsolutePath().normalize();
        DataDirectory dataDirectory = new DataDirectory(directory, nodeId, files);
        try {
            dataDirectory.create();
            dataDirectory.checkOwner();
            dataDirectory.incarnation = dataDirectory.readIncarnation();
        } catch (IOException e) {
            throw new StorageException("data dir " + directory + " is not usable: "
                    + IoErrors.reason(e), e);
        }
        return dataDirectory;
    }

    public Path root() {
        return root;
    }

    public int nodeId() {
        return nodeId;
    }

    /** Which life of this node's data this directory holds; the same on every start. */
    public Incarnation incarnation() {
        return incarnation;
    }

    /** The disk the directory lives on. */
    StorageFiles files() {
        return files;
    }

    public Path walDirectory() {
        return root.resolve(WAL_DIRECTORY);
    }

    public Path snapshotDirectory() {
        return root.resolve(SNAPSHOT_DIRECTORY);
    }

    /** A write-ahead log in {@link #walDirectory()}; call {@code recover()} on it next. */
    public WriteAheadLog openWriteAheadLog() {
        return new WriteAheadLog(walDirectory(), WriteAheadLog.DEFAULT_SEGMENT_BYTES, files);
    }

    /**
     * The node's storage: the WAL, with segments of {@code segmentBytes}, and the snapshot
     * store; call {@code recover()} on it next.
     */
    public DiskStorage openStorage(long segmentBytes) {
        return new DiskStorage(new WriteAheadLog(walDirectory(), segmentBytes, files),
                new SnapshotStore(snapshotDirectory(), files));
    }

    private void create() throws IOException {
        if (files.exists(root) && !files.isDirectory(root)) {
            throw new StorageException("data dir " + root + " is not a directory");
        }
        if (!files.exists(root)) {
            DurableDirectories.create(files, root);
        }
        if (!files.isAccessible(root)) {
            throw new StorageException("data dir " + root + " is not readable and writable");
        }
    }

    private void checkOwner() throws IOException {
        Path idFile = root.resolve(NODE_ID_FILE);
        if (!files.exists(idFile)) {
            claim(idFile);
            return;
        }
        String text = SmallFiles.read(files, idFile);
        int owner;
        try {
            owner = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new StorageException("data dir " + root + " has a damaged " + NODE_ID_FILE
                    + " file: '" + abbreviate(text) + "'");
        }
        if (owner != nodeId) {
            throw new StorageException("data dir " + root + " belongs to node " + owner
                    + ", not node " + nodeId);
        }
        if (!files.isDirectory(walDirectory())) {
            // claim() creates the WAL before the id file, so this is never a crash's doing.
            throw new StorageException("data dir " + root + " belongs to node " + nodeId
                    + " but its " + WAL_DIRECTORY + " directory is missing (deleted?); refusing"
                    + " to start on a log that may have lost entries and votes");
        }
    }

    /**
     * Creates the WAL and a new incarnation, then writes the id atomically: a crash leaves
     * either no id file (and at most an empty WAL, taken over with a new incarnation on the
     * next start) or the whole id beside a WAL and its incarnation.
     */
    private void claim(Path idFile) throws IOException {
        if (hasWal()) {
            throw new StorageException("data dir " + root + " has a WAL but no " + NODE_ID_FILE
                    + " file; refusing to guess whose log it is");
        }
        WriteAheadLog.initialize(walDirectory(), files);
        SmallFiles.replace(files, root.resolve(INCARNATION_FILE), Incarnation.random() + "\n");
        SmallFiles.replace(files, idFile, nodeId + "\n");
    }

    /**
     * The directory's incarnation. One made by a raftdeck that had none gets one now: it
     * still holds its node's whole history, so it is the life its peers knew.
     */
    private Incarnation readIncarnation() throws IOException {
        Path file = root.resolve(INCARNATION_FILE);
        if (!files.exists(file)) {
            Incarnation drawn = Incarnation.random();
            SmallFiles.replace(files, file, drawn + "\n");
            return drawn;
        }
        String text = SmallFiles.read(files, file);
        try {
            return Incarnation.parse(text);
        } catch (IllegalArgumentException e) {
            throw new StorageException("data dir " + root + " has a damaged " + INCARNATION_FILE
                    + " file: '" + abbreviate(text) + "'");
        }
    }

    /** Whether the WAL directory holds anything but the empty first segment a claim makes. */
    private boolean hasWal() throws IOException {
        Path wal = walDirectory();
        if (!files.isDirectory(wal)) {
            return false;
        }
        Path emptyFirst = WalSegment.in(wal, 1).path();
        for (Path file : files.list(wal)) {
            if (!file.equals(emptyFirst) || files.size(file) > WalSegment.HEADER_BYTES) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the message one short printable line whatever the file holds. */
    private static String abbreviate(String text) {
        String shown = text.length() <= 20 ? text : text.substring(0, 20) + "...";
        return shown.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
