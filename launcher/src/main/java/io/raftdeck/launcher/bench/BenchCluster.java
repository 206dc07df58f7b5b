package io.raftdeck.launcher.bench;

import io.raftdeck.node.NodeAddress;
import java.util.SortedMap;

/**
 * The nodes a benchmark runs against: five processes it started (the default), five nodes in
 * its own JVM, or a cluster someone else runs. Only nodes it started can be killed.
 */
interface BenchCluster extends AutoCloseable {

    /** Node id to client address, every member. */
    SortedMap<Integer, NodeAddress> members();

    /** One line for the report: what runs where, and where the data lives. */
    String description();

    /** Whether {@link #kill} and {@link #restart} work. */
    boolean canKill();

    /** How a kill stops a node, for the report ("SIGKILL"). */
    String killMethod();

    /** Stops node {@code id} at once; returns once it is gone. */
    void kill(int id) throws Exception;

    /** Starts node {@code id} again on its data dir; returns once it serves. */
    void restart(int id) throws Exception;

    /** Stops every node it started and deletes their data. Never throws. */
    @Override
    void close();
}
