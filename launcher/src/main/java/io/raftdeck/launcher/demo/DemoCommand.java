package io.raftdeck.launcher.demo;

import io.raftdeck.launcher.cli.DashboardTerminal;
import io.raftdeck.launcher.cli.TimingOptions;
import io.raftdeck.launcher.cli.DataDirectoryConverter;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.console.Dashboard;
import io.raftdeck.launcher.chaos.DemoChaos;
import io.raftdeck.launcher.localcluster.ClusterDirectory;
import io.raftdeck.launcher.localcluster.LocalCluster;
import io.raftdeck.launcher.localcluster.LogFile;
import io.raftdeck.launcher.localcluster.LoopbackNodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.StartupException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code raftdeck demo}: a cluster on this machine with the live dashboard on it. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        header = "Start a cluster on this machine and watch it on the live dashboard.",
        description = {
            "Starts N nodes (ids 1..N on 127.0.0.1, ports BASE_PORT..) with fault controls",
            "on, and opens the dashboard on them: kill and restart nodes, cut them off and heal",
            "the network, and type commands into the replicated log. Press ? on the dashboard",
            "for every key, q to quit; quitting stops every node.",
            "The nodes run in this JVM, or with --processes as one child JVM each, where kill",
            "is a real SIGKILL. Without --data-dir each run starts from an empty log in a new",
            "temporary directory. Node log records go to a file there, never onto the screen.",
            "This is what 'raftdeck' runs when given no arguments.",
            "",
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "5",
            description = "How many nodes, 1.." + Dashboard.MAX_NODES
                    + " (default: ${DEFAULT-VALUE}).")
    private int nodeCount;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "5001",
            description = "Port of node 1; node n uses BASE_PORT + n - 1 "
                    + "(default: ${DEFAULT-VALUE}).")
    private int basePort;

    @Option(names = "--data-dir", converter = DataDirectoryConverter.class, paramLabel = "DIR",
            description = "Keep the nodes' data and logs in DIR (node-N/, raftdeck.log) and "
                    + "resume from it next time (default: a new temporary directory whose "
                    + "node data is deleted on quit).")
    private Path dataDir;

    @Option(names = "--processes",
            description = "Run each node as its own child JVM; kill sends it SIGKILL.")
    private boolean processes;

    @Option(names = "--slow",
            description = "Teaching pace: heartbeat " + TimingOptions.SLOW_HEARTBEAT_MS
                    + " ms, election timeout " + TimingOptions.SLOW_ELECTION_TIMEOUT_MIN_MS
                    + ".." + TimingOptions.SLOW_ELECTION_TIMEOUT_MAX_MS + " ms, tick "
                    + TimingOptions.SLOW_TICK_MS + " ms; timing flags given as well win.")
    private boolean slow;

    @Mixin
    private TimingOptions timing;

    @Option(names = "--start-timeout-ms", paramLabel = "MS", defaultValue = "60000",
            description = "With --processes: how long the node processes may take to serve "
                    + "(default: ${DEFAULT-VALUE}).")
    private long startTimeoutMs;

    @Override
    public Integer call() throws StartupException, InterruptedException, IOException {
        validate();
        if (slow) {
            timing.slowDown(spec.commandLine().getParseResult());
        }
        DashboardTerminal.require();
        // Before the dashboard takes the screen; it is there again once the dashboard quits.
        timing.timingWarning().ifPresent(spec.commandLine().getErr()::println);
        spec.commandLine().getErr().flush();
        ClusterDirectory directory = dataDir == null ? ClusterDirectory.temporary()
                : ClusterDirectory.kept(dataDir);
        PrintWriter out = spec.commandLine().getOut();
        String logLocation;
        try (LogFile log = LogFile.routeTo(directory.jvmLog());
                LocalCluster cluster = start(configs(directory), directory, out);
                // Closed before the cluster: a chaos run still going stops on live nodes.
                DemoChaos chaos = new DemoChaos(cluster.members(),
                        new SecureRandom().nextLong())) {
            DashboardTerminal.show(cluster.targets(), cluster, chaos);
            logLocation = cluster.logLocation();
        } finally {
            directory.deleteTemporaryNodeData(nodeCount);
        }
        out.println("raftdeck demo: stopped " + nodeCount + " nodes. Their log: " + logLocation);
        if (!directory.isTemporary()) {
            out.println("Data kept in " + directory.root() + "; run again with --data-dir "
                    + directory.root() + " to resume.");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private LocalCluster start(List<NodeConfig> configs, ClusterDirectory directory,
            PrintWriter out) throws StartupException, InterruptedException {
        String where = LoopbackNodes.where(basePort, nodeCount);
        if (!processes) {
            out.println("raftdeck demo: starting " + nodeCount + " nodes on " + where
                    + " in this JVM");
            out.flush();
            return LocalCluster.inThisJvm(configs, directory);
        }
        try {
            LocalCluster cluster = LocalCluster.childProcesses(configs, directory,
                    Duration.ofMillis(startTimeoutMs), serving -> {
                        out.print("\rraftdeck demo: starting " + nodeCount + " node processes on "
                                + where + ": " + serving + " of " + nodeCount + " serving");
                        out.flush();
                    });
            out.println();
            return cluster;
        } catch (StartupException e) {
            out.println(); // ends the progress line before the error's
            throw e;
        }
    }

    private List<NodeConfig> configs(ClusterDirectory directory) {
        SortedMap<Integer, NodeAddress> members = LoopbackNodes.members(basePort, nodeCount);
        List<NodeConfig> configs = new ArrayList<>();
        for (int id = 1; id <= nodeCount; id++) {
            configs.add(timing.nodeConfig(id, members, directory.nodeData(id), true));
        }
        return configs;
    }

    private void validate() {
        String problem = timing.firstNonPositive();
        if (nodeCount < 1 || nodeCount > Dashboard.MAX_NODES) {
            problem = "--nodes must be 1.." + Dashboard.MAX_NODES + " (the dashboard's number "
                    + "keys), was " + nodeCount;
        } else if (basePort < 1 || basePort + nodeCount - 1 > 65535) {
            problem = "--base-port " + basePort + " leaves no room for " + nodeCount
                    + " ports below 65536";
        } else if (startTimeoutMs < 1) {
            problem = "--start-timeout-ms must be >= 1, was " + startTimeoutMs;
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }
}
