package io.raftdeck.launcher.chaos;

import io.raftdeck.node.NodeAddress;
import java.util.SortedMap;

/**
 * The nodes a chaos run works on: ones it started as child processes, which it can kill and
 * pause, or a cluster someone else runs, where only links and leadership can be touched.
 */
interface ChaosNodes extends AutoCloseable {

    /** Node id to client address, every node of the cluster. */
    SortedMap<Integer, NodeAddress> members();

    /** Whether {@link #kill}, {@link #restart}, {@link #pause} and {@link #resume} work. */
    boolean controlsProcesses();

    /** SIGKILL; returns once the process is gone. */
    void kill(int id) throws Exception;

    /** Starts a killed node again on its data dir; returns once it serves. */
    void restart(int id) throws Exception;

    /** SIGSTOP. */
    void pause(int id) throws Exception;

    /** SIGCONT. */
    void resume(int id) throws Exception;

    /** Stops every process this run started (none for a remote cluster). Never throws. */
    @Override
    void close();
}
