package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.TimingOptions;
import io.raftdeck.launcher.cli.DataDirectoryConverter;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.localcluster.NodeRunner;
import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.launcher.client.StatusReport;
import io.raftdeck.launcher.client.StatusTable;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.RaftServer;
import io.raftdeck.node.StartupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code raftdeck cluster}: N nodes in this JVM, with a status line per node every second. */
@Command(name = "cluster",
        mixinStandardHelpOptions = true,
        header = "Run a whole cluster in this process, printing its status.",
        description = {
            "Runs a whole cluster in this process until Ctrl-C: node n gets id n, listens on",
            "HOST:(BASE_PORT + n - 1) and keeps its data in DIR/node-n. Every interval it",
            "prints one status line per node, read over gRPC like any other client would.",
            "With the defaults this is the seed's layout: ids 1..5 on 127.0.0.1:5001..5005.",
            "",
        })
final class ClusterCommand implements Callable<Integer> {

    /** Raft clusters are small; more nodes than this is a typo, not a plan. */
    static final int MAX_NODES = 15;
    private static final long MAX_STATUS_WAIT_MS = 1000;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "5",
            description = "How many nodes, 1.." + MAX_NODES + " (default: ${DEFAULT-VALUE}).")
    private int nodeCount;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "5001",
            description = "Port of node 1; node n uses BASE_PORT + n - 1 "
                    + "(default: ${DEFAULT-VALUE}).")
    private int basePort;

    @Option(names = "--metrics-base-port", paramLabel = "PORT", defaultValue = "0",
            description = "Serve each node's /metrics, /livez and /readyz (as raftdeck node "
                    + "--metrics-listen does) on --host, node n on PORT + n - 1; 0, the "
                    + "default, serves none.")
    private int metricsBasePort;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address every node listens on (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "raftdeck-data",
            converter = DataDirectoryConverter.class,
            description = "Parent of the nodes' data directories (default: ./${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--allow-faults",
            description = "Let the admin API cut links and move leadership.")
    private boolean allowFaults;

    @Mixin
    private TimingOptions timing;

    @Option(names = "--status-interval-ms", paramLabel = "MS", defaultValue = "1000",
            description = "How often to print the status lines (default: ${DEFAULT-VALUE}).")
    private long statusIntervalMs;

    @Option(names = "--quiet", description = "Print no status lines.")
    private boolean quiet;

    @Option(names = "--stop-after-ms", paramLabel = "MS", defaultValue = "0",
            description = "Stop by itself after this long; 0 runs until Ctrl-C "
                    + "(default: ${DEFAULT-VALUE}).")
    private long stopAfterMs;

    /** Counted down by Ctrl-C (the shutdown hook) or {@link #requestStop()}. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    /** Asks a running cluster to stop, as Ctrl-C would; call() then returns normally. */
    void requestStop() {
        stopRequested.countDown();
    }

    @Override
    public Integer call() throws StartupException, InterruptedException {
        List<NodeConfig> configs = configs();
        timing.timingWarning().ifPresent(spec.commandLine().getErr()::println);
        spec.commandLine().getErr().flush();
        List<RaftServer> servers = NodeRunner.startAll(configs);
        serveMetrics(servers);
        Thread shutdown = new Thread(() -> {
            stopRequested.countDown();
            NodeRunner.closeAll(servers);
        }, "raftdeck-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        PrintWriter out = spec.commandLine().getOut();
        try {
            out.printf("raftdeck cluster: %d nodes on %s..%d, data in %s; stop with Ctrl-C%n",
                    nodeCount, configs.get(0).listen(), basePort + nodeCount - 1, dataDir);
            if (metricsBasePort > 0) {
                out.printf("metrics on http://%s:%d..%d/metrics (also /livez, /readyz)%n", host,
                        metricsBasePort, metricsBasePort + nodeCount - 1);
            }
            out.flush();
            List<NodeAddress> addresses = configs.stream().map(NodeConfig::listen).toList();
            try (ClusterClient client = new ClusterClient(addresses, statusWaitMs())) {
                printStatusUntilStopped(client, out);
            }
        } finally {
            stopWithoutHook(shutdown, servers);
        }
        out.println("raftdeck cluster: stopped");
        out.flush();
        return ExitCodes.OK;
    }

    /** Each node's metrics listener, or none started and every node closed. */
    private void serveMetrics(List<RaftServer> servers) throws StartupException {
        if (metricsBasePort == 0) {
            return;
        }
        for (RaftServer server : servers) {
            try {
                server.serveMetrics(new NodeAddress(host, metricsBasePort + server.id() - 1));
            } catch (StartupException e) {
                NodeRunner.closeAll(servers);
                throw new StartupException("node " + server.id() + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                NodeRunner.closeAll(servers);
                throw e;
            }
        }
    }

    /** Closes the nodes here unless Ctrl-C already has the shutdown hook doing it. */
    private static void stopWithoutHook(Thread shutdown, List<RaftServer> servers) {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdown);
        } catch (IllegalStateException shutdownInProgress) {
            return;
        }
        NodeRunner.closeAll(servers);
    }

    private void printStatusUntilStopped(ClusterClient client, PrintWriter out)
            throws InterruptedException {
        long stopAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stopAfterMs);
        if (!quiet) {
            out.println("TIME     " + StatusTable.header());
            out.flush();
        }
        while (true) {
            long waitMs = statusIntervalMs;
            if (stopAfterMs > 0) {
                long leftMs = TimeUnit.NANOSECONDS.toMillis(stopAtNanos - System.nanoTime());
                if (leftMs <= 0) {
                    return;
                }
                waitMs = Math.min(waitMs, leftMs);
            }
            if (stopRequested.await(waitMs, TimeUnit.MILLISECONDS)) {
                return;
            }
            if (!quiet && waitMs == statusIntervalMs) {
                printRound(client.statusOfEach(statusWaitMs()), out);
            }
        }
    }

    private static void printRound(List<StatusReport> reports, PrintWriter out) {
        String time = LocalTime.now().format(CLOCK);
        for (StatusReport report : reports) {
            out.println(time + " " + StatusTable.row(report));
        }
        out.flush();
    }

    private long statusWaitMs() {
        return Math.min(statusIntervalMs, MAX_STATUS_WAIT_MS);
    }

    private List<NodeConfig> configs() {
        validate();
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        try {
            for (int id = 1; id <= nodeCount; id++) {
                members.put(id, new NodeAddress(host, basePort + id - 1));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<NodeConfig> configs = new ArrayList<>();
        for (int id = 1; id <= nodeCount; id++) {
            configs.add(timing.nodeConfig(id, members, dataDir.resolve("node-" + id),
                    allowFaults));
        }
        return configs;
    }

    private void validate() {
        String problem = timing.firstNonPositive();
        if (nodeCount < 1 || nodeCount > MAX_NODES) {
            problem = "--nodes must be 1.." + MAX_NODES + ", was " + nodeCount;
        } else if (basePort < 1 || basePort + nodeCount - 1 > 65535) {
            problem = "--base-port " + basePort + " leaves no room for " + nodeCount
                    + " ports below 65536";
        } else if (metricsBasePort < 0 || metricsBasePort > 0
                && metricsBasePort + nodeCount - 1 > 65535) {
            problem = "--metrics-base-port " + metricsBasePort + " leaves no room for "
                    + nodeCount + " ports below 65536";
        } else if (statusIntervalMs < 1) {
            problem = "--status-interval-ms must be >= 1, was " + statusIntervalMs;
        } else if (stopAfterMs < 0) {
            problem = "--stop-after-ms must be >= 0, was " + stopAfterMs;
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }
}
