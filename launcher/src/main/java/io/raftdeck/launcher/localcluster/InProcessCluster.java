package io.raftdeck.launcher.localcluster;

import io.raftdeck.console.NodeTarget;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.RaftServer;
import io.raftdeck.node.StartupException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The demo's nodes as {@link RaftServer}s in this JVM. Kill closes a node's server, so its port
 * stops answering exactly as a crashed process's would; restart starts it again with the same
 * configuration on the same data dir, so it recovers its log and vote from disk.
 */
public final class InProcessCluster implements LocalCluster {

    private final SortedMap<Integer, NodeConfig> configs = new TreeMap<>();
    private final SortedMap<Integer, RaftServer> running = new TreeMap<>();
    private final String logLocation;
    private final ExitHook exitHook;
    private boolean closed;

    private InProcessCluster(List<NodeConfig> configs, List<RaftServer> servers,
            String logLocation) {
        for (int i = 0; i < configs.size(); i++) {
            this.configs.put(configs.get(i).id(), configs.get(i));
            running.put(configs.get(i).id(), servers.get(i));
        }
        this.logLocation = logLocation;
        this.exitHook = ExitHook.register("raftdeck-demo-shutdown", this::stopAll);
    }

    /**
     * Starts every node, or none (see {@link NodeRunner#startAll}).
     *
     * @param logLocation where this JVM's log records go, for the exit message
     */
    public static InProcessCluster start(List<NodeConfig> configs, String logLocation)
            throws StartupException {
        return new InProcessCluster(configs, NodeRunner.startAll(configs), logLocation);
    }

    @Override
    public List<NodeTarget> targets() {
        return LocalCluster.targetsOf(configs.values());
    }

    @Override
    public String logLocation() {
        return logLocation;
    }

    @Override
    public boolean canKill() {
        return true;
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
            throw new IllegalStateException("the demo cluster is stopped");
        }
        RaftServer stale = running.remove(id);
        if (stale != null) {
            stale.close();
        }
        running.put(id, NodeRunner.start(config));
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
    }

    private NodeConfig config(int id) {
        NodeConfig config = configs.get(id);
        if (config == null) {
            throw new IllegalArgumentException("no node " + id + " in this cluster");
        }
        return config;
    }
}
