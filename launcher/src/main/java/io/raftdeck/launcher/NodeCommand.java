package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.ByteSizeConverter;
import io.raftdeck.launcher.cli.TimingOptions;
import io.raftdeck.launcher.cli.DataDirectoryConverter;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.cli.NodeAddressConverter;
import io.raftdeck.launcher.config.ConfigOptions;
import io.raftdeck.launcher.localcluster.NodeRunner;
import io.raftdeck.access.AdminSubjects;
import io.raftdeck.node.Listeners;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.RaftServer;
import io.raftdeck.node.StartupException;
import io.raftdeck.tls.NodeTls;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code raftdeck node}: one node in this process, the form for running across hosts. */
@Command(name = "node",
        mixinStandardHelpOptions = true,
        header = "Run one node of a multi-host cluster.",
        description = {
            "Runs one raftdeck node in this process until SIGTERM or Ctrl-C. A node whose",
            "storage fails, whose data dir is deleted or that runs out of memory stops: it",
            "answers status as STOPPED with the reason for 3 s, then the process exits 8.",
            "Start one per host (or per port) with the same --peers list on each; the nodes",
            "elect a leader once a majority of them is up. Clients can talk to any node.",
            "",
            "Example (node 3 of five):",
            "  raftdeck node --id 3 --listen 127.0.0.1:5003 --data-dir data/node-3 \\",
            "    --peers 1=127.0.0.1:5001,2=127.0.0.1:5002,4=127.0.0.1:5004,5=127.0.0.1:5005",
            "",
            "The same from a file (raftdeck node --config node-3.yaml):",
            "  id: 3",
            "  listen: 127.0.0.1:5003",
            "  data-dir: data/node-3",
            "  peers:",
            "    1: 127.0.0.1:5001",
            "    2: 127.0.0.1:5002",
            "    4: 127.0.0.1:5004",
            "    5: 127.0.0.1:5005",
            "",
            "Every flag may come from the command line, the environment (RAFTDECK_<FLAG>,",
            "e.g. RAFTDECK_DATA_DIR), the --config file or its default, in that order of",
            "precedence; --id, --listen and --data-dir are required from one of them.",
            "",
            "Who may do what: status, health and reflection are open; --allow-faults lets",
            "anyone cut links; transfer needs --allow-faults and an admin, snapshot save an",
            "admin. An admin calls from loopback, or shows a client certificate signed by",
            "--tls-ca whose subject is in --admin-subjects; others get PERMISSION_DENIED.",
            "",
        })
final class NodeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--id", required = true, paramLabel = "ID",
            description = "This node's id, an integer >= 1, unique in the cluster.")
    private int id;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            converter = NodeAddressConverter.class,
            description = "Address this node serves on: everything that --listen-peer and "
                    + "--listen-client do not take. Without --listen-peer its peers list it "
                    + "in --peers. Required unless both of those are given.")
    private NodeAddress listen;

    @Option(names = "--listen-peer", paramLabel = "HOST:PORT",
            converter = NodeAddressConverter.class,
            description = "Serve the peer service (Raft messages, and client requests other "
                    + "members forward) on this port of its own; it is then this node's "
                    + "address in every node's --peers.")
    private NodeAddress listenPeer;

    @Option(names = "--listen-client", paramLabel = "HOST:PORT",
            converter = NodeAddressConverter.class,
            description = "Serve clients, admin calls, gRPC health and reflection on this "
                    + "port of its own; the peer port then refuses them (UNIMPLEMENTED).")
    private NodeAddress listenClient;

    @Option(names = "--admin-subjects", split = ";", paramLabel = "DN",
            description = "Subjects of client certificates (signed by --tls-ca) that may make "
                    + "admin calls (transfer, snapshot save) from beyond loopback, e.g. "
                    + "'CN=ops,O=Example'; several separated by ';' or the flag repeated. "
                    + "Loopback callers may always; status is open to all.")
    private List<String> adminSubjects;

    @Option(names = "--peers", split = ",", paramLabel = "ID=HOST:PORT",
            description = "The other members, comma-separated. May include this node, with "
                    + "the --listen address. Omit for a one-node cluster.")
    private List<String> peers;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            converter = DataDirectoryConverter.class,
            description = "Where this node keeps its log and vote; created if missing. "
                    + "Restarting with the same directory recovers the node.")
    private Path dataDir;

    @Option(names = "--allow-faults",
            description = "Let the admin API cut this node's links and move leadership "
                    + "(for demos and chaos tests).")
    private boolean allowFaults;

    @Option(names = "--peer-secret-file", paramLabel = "FILE",
            description = {"A file holding a secret every member shares (16 to 1024 printable "
                    + "ASCII characters, e.g. from 'openssl rand -hex 32'; a trailing line "
                    + "break is ignored). Peers show it on every call, and this node refuses "
                    + "peer calls without it (UNAUTHENTICATED), so a stranger who reaches the "
                    + "port cannot send it Raft messages. Weaker than TLS: on a plaintext link "
                    + "anyone who can read the traffic can read the secret. Without it a node "
                    + "listening beyond loopback warns at start."})
    private Path peerSecretFile;

    @Option(names = "--max-connections", paramLabel = "N",
            defaultValue = "" + NodeConfig.DEFAULT_MAX_CONNECTIONS,
            description = "Connections this node holds open at most; more are closed as they "
                    + "are accepted, so idle sockets cannot take all its file descriptors "
                    + "(default: ${DEFAULT-VALUE}).")
    private int maxConnections;

    @Option(names = "--quota-bytes", paramLabel = "SIZE", defaultValue = "2GiB",
            converter = ByteSizeConverter.class,
            description = {"The bound on the key/value store's size (keys, values and 96 bytes "
                    + "per key), as etcd's backend quota: a write that would pass it is "
                    + "refused with RESOURCE_EXHAUSTED and raises the NOSPACE alarm (shown in "
                    + "status), deletes still work, and the alarm clears once the store is back "
                    + "at nine tenths of it. The cluster runs on its leader's value. Sizes "
                    + "like 512MiB, 2GiB (default: ${DEFAULT-VALUE}). The store lives in the "
                    + "heap: a quota above a quarter of it (-Xmx) warns at start."})
    private long quotaBytes;

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT",
            converter = NodeAddressConverter.class,
            description = {"Serve HTTP for operators on this address: /metrics (Prometheus "
                    + "text format), /livez (200 while the node's loop runs) and /readyz "
                    + "(200 once it serves, knows a leader and a linearizable read succeeds; "
                    + "?verbose lists each check). Off by default."})
    private NodeAddress metricsListen;

    @Mixin
    private TimingOptions timing;

    @Mixin
    private NodeTlsOptions tlsOptions;

    @Mixin
    private ConfigOptions configOptions;

    /** Set by {@code demo --processes} on its children; see {@link ParentWatch}. */
    @Option(names = "--exit-with-parent", hidden = true, paramLabel = "PID",
            description = "Stop when process PID ends.")
    private Long exitWithParent;

    @Override
    public Integer call() throws StartupException, InterruptedException {
        configOptions.checkFile(spec);
        NodeConfig config = config();
        if (configOptions.printRequested()) {
            configOptions.print(spec, spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        timing.timingWarning().ifPresent(spec.commandLine().getErr()::println);
        spec.commandLine().getErr().flush();
        if (exitWithParent != null) {
            // Watching starts before the node does: a parent that dies while the node starts
            // must not leave it running.
            ParentWatch.exitWhenGone(exitWithParent, spec.commandLine().getOut());
        }
        RaftServer server = NodeRunner.start(config);
        if (metricsListen != null) {
            try {
                server.serveMetrics(metricsListen);
            } catch (StartupException e) {
                server.close();
                throw e;
            }
        }
        // Once started, so that a node that cannot start says only why, in one line.
        QuotaWarning.warning(quotaBytes, Runtime.getRuntime().maxMemory())
                .ifPresent(spec.commandLine().getErr()::println);
        CountDownLatch ended = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            NodeFailStop.close(server);
            ended.countDown();
        }, "raftdeck-node-shutdown"));
        FatalErrorWatch watch = FatalErrorWatch.install(server::failStop);
        server.whenFailed(reason -> {
            watch.releaseReserve();
            ended.countDown();
        });
        spec.commandLine().getOut().printf("raftdeck node %d serving on %s (data in %s); "
                + "stop with Ctrl-C%n", server.id(), server.config().listeners(), dataDir);
        if (metricsListen != null) {
            spec.commandLine().getOut().printf("metrics on http://%s/metrics (also /livez, "
                    + "/readyz)%n", metricsListen);
        }
        spec.commandLine().getOut().flush();
        // A node runs until it is told to stop (the shutdown hook) or stops on a failure.
        ended.await();
        Optional<String> failure = server.failure();
        if (failure.isPresent()) {
            return NodeFailStop.afterFailure(server, failure.get(), spec.commandLine().getErr());
        }
        return ExitCodes.OK;
    }

    private NodeConfig config() {
        String nonPositive = timing.firstNonPositive();
        if (nonPositive != null) {
            throw new ParameterException(spec.commandLine(), nonPositive);
        }
        if (quotaBytes < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--quota-bytes must be at least 1 byte, was " + quotaBytes);
        }
        if (maxConnections < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--max-connections must be >= 1, was " + maxConnections);
        }
        Listeners listeners = new Listeners(listen, listenPeer, listenClient);
        Optional<String> listenProblem = listeners.problem();
        if (listenProblem.isPresent()) {
            throw new ParameterException(spec.commandLine(), listenProblem.get());
        }
        NodeConfig config;
        try {
            SortedMap<Integer, NodeAddress> members = PeerList.members(id, listeners.member(),
                    listenPeer != null ? "--listen-peer" : "--listen",
                    peers == null ? null : String.join(",", peers));
            config = timing.nodeConfig(id, members, dataDir, allowFaults)
                    .withMaxConnections(maxConnections).withQuotaBytes(quotaBytes)
                    .withListeners(listeners)
                    .withAdminSubjects(adminSubjects == null ? AdminSubjects.none()
                            : AdminSubjects.of(adminSubjects));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Optional<NodeTls> tls = tlsOptions.tls();
        if (tls.isPresent()) {
            Optional<String> problem = tls.get().problem();
            if (problem.isPresent()) {
                throw new ParameterException(spec.commandLine(), problem.get());
            }
            config = config.withTls(tls.get()); // its files are read as the node starts
        }
        if (!config.adminSubjects().isEmpty()
                && (tls.isEmpty() || tls.get().clientCa() == null)) {
            throw new ParameterException(spec.commandLine(), "--admin-subjects needs --tls-ca,"
                    + " the CA that signs the client certificates whose subjects it lists");
        }
        return peerSecretFile == null ? config : config.withPeerSecret(
                PeerSecretFile.read(peerSecretFile, spec.commandLine()));
    }
}
