package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.RaftCore;
import io.raftdeck.node.NodeLoop;
import io.raftdeck.statemachine.KeyValueStore;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated server: the node's own {@link NodeLoop} while it is up, and a disk that outlives
 * crashes. A crash drops the loop; a restart builds a new one from the disk.
 */
final class SimNode {

    final int id;
    final SimDisk disk = new SimDisk();
    /** The node's event handling, as a real node runs it; null while crashed. */
    NodeLoop loop;
    /** The collaborators the loop was built with (a mutation's); null while crashed. */
    SimMutation.NodeWiring wiring;
    /** The loop's core, for scenarios to observe; null while crashed. */
    RaftCore core;
    /** The loop's key/value store; null while crashed. */
    KeyValueStore store;
    /** What the state machine applied since the last restart (it is rebuilt from the log). */
    final List<Entry> applied = new ArrayList<>();
    int restarts;
    /** Snapshots this node installed from a leader, over all its restarts. */
    int snapshotsInstalled;
    /** Whether the node's latest sends were a leader's appends that its next write covers. */
    boolean appendsAheadOfWrite;

    SimNode(int id) {
        this.id = id;
    }

    boolean isUp() {
        return loop != null;
    }

    long lastAppliedIndex() {
        return applied.isEmpty() ? 0 : applied.get(applied.size() - 1).index();
    }
}
