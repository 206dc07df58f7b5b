package io.raftdeck.launcher.snapshot;

import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.snapshot.BackupReader.Backup;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.storage.DataDirectory;
import io.raftdeck.storage.DiskStorage;
import io.raftdeck.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fresh data directory whose log starts at a backup, written through the node's own storage
 * ({@link DataDirectory}, {@link DiskStorage}) so a node started on it recovers exactly that
 * state, as if it had installed the snapshot from a leader. Its hard state takes the
 * snapshot's term (a node may never be in a term older than its log) and commits the
 * snapshot's index.
 */
final class RestoredDataDirectory {

    private RestoredDataDirectory() {
    }

    static void write(Path root, int nodeId, Backup backup) {
        if (nodeId < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--id must be >= 1, was " + nodeId);
        }
        refuseNonEmpty(root);
        DiskStorage storage;
        try {
            storage = DataDirectory.open(root, nodeId)
                    .openStorage(NodeConfig.DEFAULT_WAL_SEGMENT_BYTES);
        } catch (StorageException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
        try {
            storage.recover();
            storage.installSnapshot(new Snapshot(backup.index(), backup.term(), backup.data()));
            storage.save(new HardState(backup.term(), HardState.NO_VOTE, backup.index()),
                    List.of());
        } catch (IOException | StorageException e) {
            throw new CommandFailure(ExitCodes.INTERNAL, "cannot restore into " + root + ": "
                    + e.getMessage());
        } finally {
            storage.close();
        }
    }

    /** A directory with anything in it may be a node's data: never written over. */
    private static void refuseNonEmpty(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        if (!Files.isDirectory(root)) {
            throw new CommandFailure(ExitCodes.USAGE, "--data-dir " + root
                    + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(root)) {
            if (entries.findAny().isPresent()) {
                throw new CommandFailure(ExitCodes.USAGE, "--data-dir " + root + " is not"
                        + " empty; restore only into a new or empty directory");
            }
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--data-dir " + root
                    + " cannot be read: " + e.getMessage());
        }
    }
}
