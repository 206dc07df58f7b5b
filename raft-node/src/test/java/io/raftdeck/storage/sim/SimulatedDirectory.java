package io.raftdeck.storage.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * One directory's names: those lookups see now, and those on the platter. A name created,
 * renamed or deleted is durable only once its directory is synced
 * ({@link NameChange}); until then a crash may undo it.
 */
final class SimulatedDirectory {

    /** A file or a directory: what a name points to. */
    final Map<String, Object> entries = new HashMap<>();
    final Map<String, Object> durableEntries = new HashMap<>();
    final long inode;

    SimulatedDirectory(long inode) {
        this.inode = inode;
    }

    /** After a crash only the durable names are left. */
    void crash() {
        entries.clear();
        entries.putAll(durableEntries);
    }
}
