package io.raftdeck.launcher.bench;

import io.raftdeck.launcher.demo.ChildProcessCluster;
import io.raftdeck.launcher.demo.DemoDirectory;
import io.raftdeck.launcher.demo.ExitHook;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.StartupException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;

/**
 * Five {@code raftdeck node} processes on the demo's child-process cluster (SIGKILL, restart
 * on the same data dir, no orphan when this JVM dies), with their data and logs in a new
 * temporary directory that closing deletes. They run with the JVM options given, not the
 * demo's quick-start ones: a benchmark measures the full compiler.
 */
final class SpawnedNodes implements BenchCluster {

    private final ChildProcessCluster cluster;
    private final DemoDirectory directory;
    private final SortedMap<Integer, NodeAddress> members;
    private final String description;
    /** Cleans up when the JVM is stopped by a signal (Ctrl-C) before close runs. */
    private final ExitHook exitHook;

    private SpawnedNodes(ChildProcessCluster cluster, DemoDirectory directory,
            List<NodeConfig> configs, String description) {
        this.cluster = cluster;
        this.directory = directory;
        this.members = NodeConfigs.members(configs);
        this.description = description;
        this.exitHook = ExitHook.register("raftdeck-bench-cleanup", this::stopAndDelete);
    }

    /**
     * Starts the processes and waits until each serves, with a progress line. On failure the
     * directory stays, since the message points at a node's log in it.
     */
    static SpawnedNodes start(int basePort, Duration startTimeout, List<String> jvmOptions,
            PrintWriter out) throws StartupException, InterruptedException {
        DemoDirectory directory = DemoDirectory.temporary("raftdeck-bench-");
        List<NodeConfig> configs = NodeConfigs.of(basePort, directory);
        String where = NodeConfigs.where(basePort);
        String description = NodeConfigs.NODE_COUNT + " node processes on " + where
                + " (JVM options: " + (jvmOptions.isEmpty() ? "none" : String.join(" ",
                jvmOptions)) + "), data in " + DataPlace.describe(directory.root());
        ChildProcessCluster cluster;
        try {
            cluster = ChildProcessCluster.start(configs, directory, startTimeout, serving -> {
                if (serving == 0) {
                    return; // told once before any child could serve
                }
                out.println("raftdeck bench: " + serving + " of " + NodeConfigs.NODE_COUNT
                        + " node processes serving on " + where);
                out.flush();
            }, jvmOptions);
        } catch (StartupException e) {
            if (String.valueOf(e.getMessage()).contains("already in use")) {
                throw new StartupException(e.getMessage()
                        + " (choose other ports with --base-port)", e);
            }
            throw e;
        }
        return new SpawnedNodes(cluster, directory, configs, description);
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
        return "SIGKILL";
    }

    @Override
    public void kill(int id) throws InterruptedException {
        cluster.kill(id);
    }

    @Override
    public void restart(int id) throws StartupException, InterruptedException {
        cluster.restart(id);
    }

    @Override
    public void close() {
        exitHook.remove();
        stopAndDelete();
    }

    private void stopAndDelete() {
        cluster.close();
        directory.deleteTemporary();
    }
}
