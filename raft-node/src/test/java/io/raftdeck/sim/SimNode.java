package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.RaftCore;
import io.raftdeck.node.LeaderProposals;
import io.raftdeck.statemachine.KeyValueStore;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated server: a core while it is up, with the node's key/value store and its
 * proposals of client requests, and a disk that outlives crashes.
 */
final class SimNode {

    final int id;
    final SimDisk disk = new SimDisk();
    /** Null while crashed. */
    RaftCore core;
    /** The node's state machine, fed every entry applied; null while crashed. */
    KeyValueStore store;
    /** Client requests proposed here and their waiting callers; null while crashed. */
    LeaderProposals proposals;
    /** What the state machine applied since the last restart (it is rebuilt from the log). */
    final List<Entry> applied = new ArrayList<>();
    int restarts;
    /** Snapshots this node installed from a leader, over all its restarts. */
    int snapshotsInstalled;

    SimNode(int id) {
        this.id = id;
    }

    boolean isUp() {
        return core != null;
    }

    long lastAppliedIndex() {
        return applied.isEmpty() ? 0 : applied.get(applied.size() - 1).index();
    }
}
