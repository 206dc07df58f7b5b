package io.raftdeck.launcher.chaos;

import picocli.CommandLine.Mixin;
import io.raftdeck.launcher.cli.ClientTlsOptions;
import io.grpc.ChannelCredentials;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.DataDirectoryConverter;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.cli.NodeAddressConverter;
import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.launcher.client.StatusReport;
import io.raftdeck.launcher.localcluster.ClusterDirectory;
import io.raftdeck.launcher.localcluster.LocalCluster;
import io.raftdeck.launcher.localcluster.LoopbackNodes;
import io.raftdeck.launcher.localcluster.RemoteCluster;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.StartupException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code raftdeck chaos}: a workload under a nemesis, judged at the end. */
@Command(name = "chaos",
        mixinStandardHelpOptions = true,
        header = "Run clients against a cluster while a nemesis kills, pauses and partitions it.",
        description = {
            "Starts five node processes on 127.0.0.1 (or uses --cluster), runs concurrent",
            "clients doing put/get on a few keys, and on a seeded schedule SIGKILLs and",
            "restarts nodes, pauses them (SIGSTOP/SIGCONT), isolates one node, splits a",
            "minority from the majority, isolates the leader and transfers leadership; each",
            "fault is healed after a few seconds. At the end it heals everything, waits for",
            "the nodes to agree, reads every key back and reports: operations by outcome,",
            "faults, leader changes, the longest time without an acknowledged write, and",
            "acknowledged writes lost. Exits 0 only when there is no anomaly.",
            "Beside them, append clients send unique free-text commands as seed",
            "ClientRequests (no session, one attempt each at a random node), and the",
            "committed log is read from the nodes throughout the run: a command in the log",
            "twice, an acknowledged one missing, a refused one present, appends out of",
            "real-time order, or two different entries at one committed index is an anomaly.",
            "With --cluster only link faults and transfers are used (the processes are not",
            "ours); its nodes must run with --allow-faults.",
            "",
        })
public final class ChaosCommand implements Callable<Integer> {

    static final int NODE_COUNT = LoopbackNodes.NODE_COUNT;
    static final String HISTORY_FILE = "chaos-history.tsv";

    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "60",
            description = "How long the workload and the nemesis run (default: ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "5",
            description = "Concurrent key/value clients (default: ${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = "--append-clients", paramLabel = "N", defaultValue = "2",
            description = "Concurrent clients appending unique commands \"a<client>-<n>\" as "
                    + "seed ClientRequests, without a session and one attempt each; their "
                    + "commands are checked as unique appends against the committed log, "
                    + "0..100 (default: ${DEFAULT-VALUE}).")
    private int appendClients;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "5",
            description = "Keys k1..kN the clients share (default: ${DEFAULT-VALUE}).")
    private int keys;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the fault schedule and the clients' choices "
                    + "(default: a random one, printed).")
    private Long seed;

    @Option(names = "--cluster", split = ",", paramLabel = "HOST:PORT",
            converter = NodeAddressConverter.class,
            description = "Use this running cluster (loopback addresses only) instead of "
                    + "starting one.")
    private List<NodeAddress> cluster;

    /** --tls-ca, --tls-cert, --tls-key: for a --cluster that serves TLS. */
    @Mixin
    private ClientTlsOptions tls;

    @Option(names = "--data-dir", converter = DataDirectoryConverter.class, paramLabel = "DIR",
            description = "Keep the started nodes' data and logs in DIR (default: a new "
                    + "temporary directory whose node data is deleted at the end).")
    private Path dataDir;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "5101",
            description = "Port of node 1 of the started cluster; node n uses BASE_PORT + n - 1 "
                    + "(default: ${DEFAULT-VALUE}).")
    private int basePort;

    @Option(names = "--request-timeout-ms", paramLabel = "MS", defaultValue = "2000",
            description = "Deadline of one client request, failover included; a put that "
                    + "misses it has an unknown outcome (default: ${DEFAULT-VALUE}).")
    private long requestTimeoutMs;

    @Option(names = "--start-timeout-ms", paramLabel = "MS", defaultValue = "60000",
            description = "How long the node processes may take to serve, at start and after "
                    + "a kill (default: ${DEFAULT-VALUE}).")
    private long startTimeoutMs;

    @Option(names = "--report", paramLabel = "OUT.html",
            description = "Also write the run as one self-contained HTML page: the client "
                    + "operations on a timeline (a row per client, coloured by outcome), the "
                    + "fault windows and leaders across it, latency over time by kind, the "
                    + "verdict and this report; zoom by dragging, hover for details. Written "
                    + "whole (OUT.html.part, then renamed) when the run ends.")
    private Path reportFile;

    @Override
    public Integer call() throws Exception {
        validate();
        long runSeed = seed != null ? seed : new SecureRandom().nextLong();
        PrintWriter out = spec.commandLine().getOut();
        ChaosSettings settings = new ChaosSettings(seconds, clients, appendClients, keys,
                runSeed, requestTimeoutMs);
        out.println("raftdeck chaos: seed " + runSeed + " (repeat with --seed " + runSeed + ")");
        out.flush();
        ChaosReport report;
        List<Integer> members;
        ClusterDirectory directory = null;
        try {
            if (cluster != null) {
                try (LocalCluster nodes = remote()) {
                    members = List.copyOf(nodes.members().keySet());
                    report = new ChaosRun(nodes, settings, out, null).run();
                }
            } else {
                directory = dataDir == null ? ClusterDirectory.temporary()
                        : ClusterDirectory.kept(dataDir);
                try (LocalCluster nodes = startNodes(directory, out)) {
                    members = List.copyOf(nodes.members().keySet());
                    report = new ChaosRun(nodes, settings, out,
                            directory.root().resolve(HISTORY_FILE)).run();
                }
            }
        } finally {
            if (directory != null) {
                directory.deleteTemporaryNodeData(NODE_COUNT);
            }
        }
        report.print(out);
        if (directory != null) {
            out.println("Node logs and the history: " + directory.root());
            out.flush();
        }
        boolean pageWritten = reportFile == null || writePage(report, members, out);
        if (!report.anomalies().isEmpty()) {
            return ExitCodes.CHAOS_ANOMALY;
        }
        return pageWritten ? ExitCodes.OK : ExitCodes.INTERNAL;
    }

    /** Writes the --report page; false, having said why in one line, when it could not. */
    private boolean writePage(ChaosReport report, List<Integer> members, PrintWriter out) {
        try {
            ReportFile.write(reportFile, ReportPage.render(report, members));
        } catch (IOException e) {
            // An anomaly's exit code outranks this: the verdict matters more than its picture.
            spec.commandLine().getErr().println("raftdeck chaos: could not write the report "
                    + reportFile + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return false;
        }
        out.println("raftdeck chaos: report in " + reportFile.toAbsolutePath());
        out.flush();
        return true;
    }

    private LocalCluster startNodes(ClusterDirectory directory, PrintWriter out)
            throws StartupException, InterruptedException {
        out.println("raftdeck chaos: starting " + NODE_COUNT + " node processes on "
                + LoopbackNodes.where(basePort) + " (data and logs: " + directory.root() + ")");
        out.flush();
        return LocalCluster.childProcesses(LoopbackNodes.of(basePort, directory, true),
                directory, Duration.ofMillis(startTimeoutMs), serving -> { });
    }

    /** The --cluster nodes by id, as each says in its status. */
    private LocalCluster remote() throws InterruptedException {
        List<NodeAddress> addresses = new ArrayList<>(new LinkedHashSet<>(cluster));
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        ChannelCredentials credentials = tls.credentials(spec.commandLine());
        try (ClusterClient client = new ClusterClient(addresses, ClusterAdmin.CALL_TIMEOUT_MS,
                credentials)) {
            for (StatusReport report : client.statusOfEach(ClusterAdmin.CALL_TIMEOUT_MS)) {
                if (!report.answered()) {
                    throw new CommandFailure(ExitCodes.NO_LEADER, report.address()
                            + " did not answer: " + report.error());
                }
                if (!report.status().getFaultsAllowed()) {
                    throw new CommandFailure(ExitCodes.USAGE, report.address() + " (node "
                            + report.status().getId() + ") runs without --allow-faults");
                }
                members.put(report.status().getId(), report.address());
            }
        }
        return new RemoteCluster(members, credentials);
    }

    private void validate() {
        tls.requireCluster(cluster != null, spec.commandLine());
        String problem = null;
        if (seconds < 5 || seconds > 86_400) {
            problem = "--seconds must be 5..86400, was " + seconds;
        } else if (clients < 1 || clients > 100) {
            problem = "--clients must be 1..100, was " + clients;
        } else if (appendClients < 0 || appendClients > 100) {
            problem = "--append-clients must be 0..100, was " + appendClients;
        } else if (keys < 1 || keys > 1000) {
            problem = "--keys must be 1..1000, was " + keys;
        } else if (requestTimeoutMs < 100) {
            problem = "--request-timeout-ms must be >= 100, was " + requestTimeoutMs;
        } else if (startTimeoutMs < 1) {
            problem = "--start-timeout-ms must be >= 1, was " + startTimeoutMs;
        } else if (cluster != null && dataDir != null) {
            problem = "--data-dir is for the nodes chaos starts; it cannot go with --cluster";
        } else if (cluster == null && (basePort < 1 || basePort + NODE_COUNT - 1 > 65535)) {
            problem = "--base-port " + basePort + " leaves no room for " + NODE_COUNT
                    + " ports below 65536";
        } else if (reportFile != null && ReportFile.problem(reportFile) != null) {
            problem = ReportFile.problem(reportFile);
        } else if (cluster != null) {
            problem = cluster.stream().filter(address -> !isLoopback(address.host()))
                    .findFirst().map(address -> "--cluster: " + address
                            + " is not a loopback address; chaos runs on this machine only")
                    .orElse(null);
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
