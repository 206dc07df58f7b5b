package io.raftdeck.sim;

import io.raftdeck.storage.sim.SimulatedDisk;

/**
 * Mutation (d): the WAL skipping its fsync on save. The real WAL runs unchanged on a disk
 * that ignores fsyncs of segment files ({@code *.wal}): every save returns as if durable, and
 * the node votes and acknowledges on it, but its records stay in the page cache, which a
 * crash loses or tears. Snapshots and directories still sync.
 */
final class WalWithoutFsyncMutation implements SimMutation {

    @Override
    public void misconfigure(int nodeId, SimulatedDisk disk) {
        disk.ignoreSyncsOf(path -> path.getFileName().toString().endsWith(".wal"));
    }

    @Override
    public NodeWiring wire(int nodeId, SimStorage storage, SimStateMachine stateMachine) {
        return new NodeWiring(storage, stateMachine);
    }
}
