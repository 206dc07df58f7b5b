package io.raftdeck.storage.sim;

import java.nio.file.Path;

/**
 * Told of every fsync the simulated disk performs and how long it took in virtual time, so a
 * simulator can advance its clock by it (a slow disk stalls the node that waits on it).
 */
@FunctionalInterface
public interface SyncObserver {

    SyncObserver NONE = (path, nanos) -> { };

    void synced(Path path, long nanos);
}
