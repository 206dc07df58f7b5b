package io.raftdeck.launcher.chaos;

import io.raftdeck.node.NodeAddress;
import java.util.SortedMap;
import java.util.TreeMap;

/** A cluster given with --cluster: its processes are not ours, so no kill and no pause. */
final class RemoteNodes implements ChaosNodes {

    private final SortedMap<Integer, NodeAddress> members;

    RemoteNodes(SortedMap<Integer, NodeAddress> members) {
        this.members = new TreeMap<>(members);
    }

    @Override
    public SortedMap<Integer, NodeAddress> members() {
        return members;
    }

    @Override
    public boolean controlsProcesses() {
        return false;
    }

    @Override
    public void kill(int id) {
        throw notOurs();
    }

    @Override
    public void restart(int id) {
        throw notOurs();
    }

    @Override
    public void pause(int id) {
        throw notOurs();
    }

    @Override
    public void resume(int id) {
        throw notOurs();
    }

    @Override
    public void close() {
        // Nothing started here, nothing to stop.
    }

    private static UnsupportedOperationException notOurs() {
        return new UnsupportedOperationException("the processes of --cluster are not ours");
    }
}
