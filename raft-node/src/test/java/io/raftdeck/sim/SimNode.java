package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.RaftCore;
import io.raftdeck.node.NodeLoop;
import io.raftdeck.statemachine.KeyValueStore;
import io.raftdeck.storage.sim.SimulatedDisk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One simulated server: the node's own {@link NodeLoop} while it is up, and a disk that outlives
 * crashes. A crash drops the loop and crashes the disk; a restart builds a new loop from what
 * the real storage recovers from the disk.
 */
final class SimNode {

    final int id;
    /** The simulated file system its real storage (WAL, snapshots, data dir) runs on. */
    SimulatedDisk files;
    /** What its storage promised to keep, for the checks ({@link SimDisk}). */
    final SimDisk disk = new SimDisk();
    /** Virtual time its storage spent in fsyncs during the current turn. */
    long syncNanosThisTurn;
    /** A slow fsync holds the node's thread until this tick; 0: not held. */
    long busyUntilTick;
    /** What reached the node while its thread was held, in order, for when it is free again. */
    final Deque<Consumer<NodeLoop>> inbox = new ArrayDeque<>();
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

    /** Ticks held in {@link #inbox}: as RaftNode, a thread that was held catches up a few. */
    int heldTicks;

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
