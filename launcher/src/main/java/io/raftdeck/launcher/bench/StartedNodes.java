package io.raftdeck.launcher.bench;

import io.raftdeck.launcher.localcluster.ChildProcessCluster;
import io.raftdeck.launcher.localcluster.LocalCluster;
import io.raftdeck.launcher.localcluster.ClusterDirectory;
import io.raftdeck.launcher.localcluster.ExitHook;
import io.raftdeck.launcher.localcluster.InProcessCluster;
import io.raftdeck.launcher.localcluster.LogFile;
import io.raftdeck.launcher.localcluster.LoopbackNodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.StartupException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;

/**
 * Five nodes the bench started on the demo's clusters, with real data dirs in a temporary
 * directory that closing deletes: {@code raftdeck node} processes (the default; kill is a
 * SIGKILL, restart runs the process again on its data dir, no orphan when this JVM dies), or
 * nodes in this JVM (kill closes a node's server; their log records go to a file in the
 * directory, not into the report).
 */
final class StartedNodes implements BenchCluster {

    private final LocalCluster cluster;
    private final ClusterDirectory directory;
    /** The in-JVM nodes' log file, closed with them; null for processes. */
    private final LogFile log;
    private final SortedMap<Integer, NodeAddress> members;
    private final String description;
    private final String killMethod;
    /** Cleans up when the JVM is stopped by a signal (Ctrl-C) before close runs. */
    private final ExitHook exitHook;

    private StartedNodes(LocalCluster cluster, ClusterDirectory directory, LogFile log,
            List<NodeConfig> configs, String description, String killMethod) {
        this.cluster = cluster;
        this.directory = directory;
        this.log = log;
        this.members = LoopbackNodes.members(configs);
        this.description = description;
        this.killMethod = killMethod;
        this.exitHook = ExitHook.register("raftdeck-bench-cleanup", this::stopAndDelete);
    }

    /**
     * Starts the processes with {@code jvmOptions} and waits until each serves, with a
     * progress line. On failure the directory stays, since the message points at a node's log
     * in it.
     */
    static StartedNodes processes(int basePort, Duration startTimeout, List<String> jvmOptions,
            PrintWriter out) throws StartupException, InterruptedException {
        ClusterDirectory directory = ClusterDirectory.temporary("raftdeck-bench-");
        List<NodeConfig> configs = LoopbackNodes.of(basePort, directory, false);
        String where = LoopbackNodes.where(basePort);
        String description = LoopbackNodes.NODE_COUNT + " node processes on " + where
                + " (JVM options: " + (jvmOptions.isEmpty() ? "none" : String.join(" ",
                jvmOptions)) + "), data in " + DataPlace.describe(directory.root());
        ChildProcessCluster cluster;
        try {
            cluster = ChildProcessCluster.start(configs, directory, startTimeout, serving -> {
                if (serving == 0) {
                    return; // told once before any child could serve
                }
                out.println("raftdeck bench: " + serving + " of " + LoopbackNodes.NODE_COUNT
                        + " node processes serving on " + where);
                out.flush();
            }, jvmOptions);
        } catch (StartupException e) {
            throw portInUse(e) ? withPortHint(e) : e;
        }
        return new StartedNodes(cluster, directory, null, configs, description, "SIGKILL");
    }

    /** Starts the nodes in this JVM; on failure nothing is left behind. */
    static StartedNodes inThisJvm(int basePort) throws StartupException {
        ClusterDirectory directory = ClusterDirectory.temporary("raftdeck-bench-");
        List<NodeConfig> configs = LoopbackNodes.of(basePort, directory, false);
        LogFile log;
        try {
            log = LogFile.routeTo(directory.jvmLog());
        } catch (IOException e) {
            throw new StartupException("cannot write " + directory.jvmLog() + ": "
                    + e.getMessage(), e);
        }
        try {
            InProcessCluster cluster = InProcessCluster.start(configs,
                    directory.jvmLog().toString());
            return new StartedNodes(cluster, directory, log, configs, LoopbackNodes.NODE_COUNT
                    + " nodes in this JVM on " + LoopbackNodes.where(basePort) + ", data in "
                    + DataPlace.describe(directory.root()), "closing its server");
        } catch (StartupException | RuntimeException e) {
            log.close();
            directory.deleteTemporary();
            if (portInUse(e)) {
                throw withPortHint(e);
            }
            throw e;
        }
    }

    private static boolean portInUse(Exception e) {
        return String.valueOf(e.getMessage()).contains("in use");
    }

    /** A port already taken is the user's to fix: the message says how. */
    private static StartupException withPortHint(Exception e) {
        return new StartupException(e.getMessage() + " (choose other ports with --base-port)",
                e);
    }

    @Override
    public SortedMap<Integer, NodeAddress> members() {
        return members;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean canKill() {
        return true;
    }

    @Override
    public String killMethod() {
        return killMethod;
    }

    @Override
    public void kill(int id) throws Exception {
        cluster.kill(id);
    }

    @Override
    public void restart(int id) throws Exception {
        cluster.restart(id);
    }

    @Override
    public void close() {
        exitHook.remove();
        stopAndDelete();
    }

    private void stopAndDelete() {
        cluster.close();
        if (log != null) {
            log.close();
        }
        directory.deleteTemporary();
    }
}
