package io.raftdeck.launcher.bench;

import io.raftdeck.launcher.demo.DemoDirectory;
import io.raftdeck.launcher.demo.ExitHook;
import io.raftdeck.launcher.demo.InProcessCluster;
import io.raftdeck.launcher.demo.LogFile;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.StartupException;
import java.io.IOException;
import java.util.List;
import java.util.SortedMap;

/**
 * Five nodes in this JVM, as the demo runs them (kill closes a node's server, restart starts
 * it again on its data dir), with real data dirs in a temporary directory that closing
 * deletes. Their log records go to a file there while they run, not into the report.
 */
final class LocalNodes implements BenchCluster {

    private final InProcessCluster cluster;
    private final DemoDirectory directory;
    private final LogFile log;
    private final SortedMap<Integer, NodeAddress> members;
    private final String description;
    /** Cleans up when the JVM is stopped by a signal (Ctrl-C) before close runs. */
    private final ExitHook exitHook;

    private LocalNodes(InProcessCluster cluster, DemoDirectory directory, LogFile log,
            List<NodeConfig> configs, String description) {
        this.cluster = cluster;
        this.directory = directory;
        this.log = log;
        this.members = NodeConfigs.members(configs);
        this.description = description;
        this.exitHook = ExitHook.register("raftdeck-bench-cleanup", this::stopAndDelete);
    }

    static LocalNodes start(int basePort) throws StartupException {
        DemoDirectory directory = DemoDirectory.temporary("raftdeck-bench-");
        List<NodeConfig> configs = NodeConfigs.of(basePort, directory);
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
            return new LocalNodes(cluster, directory, log, configs, NodeConfigs.NODE_COUNT
                    + " nodes in this JVM on " + NodeConfigs.where(basePort) + ", data in "
                    + DataPlace.describe(directory.root()));
        } catch (StartupException | RuntimeException e) {
            log.close();
            directory.deleteTemporary();
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw new StartupException(e.getMessage()
                        + " (choose other ports with --base-port)", e);
            }
            throw e;
        }
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
        return "closing its server";
    }

    @Override
    public void kill(int id) {
        cluster.kill(id);
    }

    @Override
    public void restart(int id) throws StartupException {
        cluster.restart(id);
    }

    @Override
    public void close() {
        exitHook.remove();
        stopAndDelete();
    }

    private void stopAndDelete() {
        cluster.close();
        log.close();
        directory.deleteTemporary();
    }
}
