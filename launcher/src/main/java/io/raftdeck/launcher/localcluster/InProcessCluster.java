package io.raftdeck.launcher.localcluster;

import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.RaftServer;
import io.raftdeck.node.StartupException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Nodes as {@link RaftServer}s in this JVM. Kill closes a node's server, so its port stops
 * answering exactly as a crashed process's would; restart starts it again with the same
 * configuration on the same data dir, so it recovers its log and vote from disk. There is no
 * process of its own to stop, so pause is unavailable.
 */
public final class InProcessCluster implements LocalCluster {

    static final String NO_PAUSE = "pause needs node processes: a node in this JVM has no "
            + "process of its own to stop";

    private final SortedMap<Integer, NodeConfig> configs = new TreeMap<>();
    private final SortedMap<Integer, RaftServer> running = new TreeMap<>();
    private final ClusterDirectory directory;
    private final ExitHook exitHook;
    private boolean closed;

    private InProcessCluster(List<NodeConfig> configs, List<RaftServer> servers,
            ClusterDirectory directory) {
        for (int i = 0; i < configs.size(); i++) {
            this.configs.put(configs.get(i).id(), configs.get(i));
            running.put(configs.get(i).id(), servers.get(i));
        }
        this.directory = directory;
        this.exitHook = ExitHook.register("raftdeck-in-process-nodes", this::stopAll);
    }

    /**
     * Starts every node, or none (see {@link NodeRunner#startAll}); a disposable directory
     * goes with a failed start, since no message points into it.
     *
     * @param directory where this JVM's log records go (its {@code raftdeck.log}) and what to
     *                  delete once the nodes stop, if it is disposable
     */
    public static InProcessCluster start(List<NodeConfig> configs, ClusterDirectory directory)
            throws StartupException {
        try {
            return new InProcessCluster(configs, NodeRunner.startAll(configs), directory);
        } catch (StartupException | RuntimeException e) {
            directory.deleteIfDisposable();
            throw e;
        }
    }

    @Override
    public SortedMap<Integer, NodeAddress> members() {
        return LoopbackNodes.members(configs.values());
    }

    @Override
    public String description() {
        return configs.size() + " nodes in this JVM on " + LoopbackNodes.where(members());
    }

    @Override
    public String logLocation() {
        return directory.jvmLog().toString();
    }

    @Override
    public boolean canKill() {
        return true;
    }

    @Override
    public String killMethod() {
        return "closing its server";
    }

    @Override
    public synchronized void kill(int id) {
        config(id);
        RaftServer server = running.remove(id);
        if (server == null) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        server.close();
    }

    /** Starts node {@code id} again; a server still registered (a failed node) is closed first. */
    @Override
    public synchronized void restart(int id) throws StartupException {
        NodeConfig config = config(id);
        if (closed) {
            throw new IllegalStateException("the cluster is stopped");
        }
        RaftServer stale = running.remove(id);
        if (stale != null) {
            stale.close();
        }
        running.put(id, NodeRunner.start(config));
    }

    @Override
    public boolean canPause() {
        return false;
    }

    @Override
    public void pause(int id) {
        throw new UnsupportedOperationException(NO_PAUSE);
    }

    @Override
    public void resume(int id) {
        throw new UnsupportedOperationException(NO_PAUSE);
    }

    /** Whether node {@code id} is running (not killed since its last start). */
    public synchronized boolean isRunning(int id) {
        return running.containsKey(id);
    }

    @Override
    public void close() {
        exitHook.remove();
        stopAll();
    }

    private synchronized void stopAll() {
        closed = true;
        NodeRunner.closeAll(new ArrayList<>(running.values()));
        running.clear();
        directory.deleteIfDisposable();
    }

    private NodeConfig config(int id) {
        NodeConfig config = configs.get(id);
        if (config == null) {
            throw new IllegalArgumentException("no node " + id + " in this cluster");
        }
        return config;
    }
}
