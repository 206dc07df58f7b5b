package io.raftdeck.launcher.client;

import io.raftdeck.launcher.cli.ClientTlsOptions;
import io.raftdeck.launcher.cli.HostResolution;
import io.raftdeck.launcher.cli.NodeAddressConverter;
import io.raftdeck.node.NodeAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The flags every client subcommand shares: which nodes to talk to and for how long. */
public final class ClientOptions {

    /** The seed's layout, which {@code raftdeck cluster} reproduces by default. */
    static final List<NodeAddress> DEFAULT_CLUSTER = defaultCluster();

    @Option(names = "--cluster", split = ",", paramLabel = "HOST:PORT",
            converter = NodeAddressConverter.class,
            description = "Nodes to talk to, comma-separated; requests fail over between them "
                    + "(default: 127.0.0.1:5001,...,127.0.0.1:5005).")
    private List<NodeAddress> cluster;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "Give up after this long, failover and retries included "
                    + "(default: ${DEFAULT-VALUE}).")
    private long timeoutMs;

    @Mixin
    private ClientTlsOptions tls;

    public long timeoutMs() {
        return timeoutMs;
    }

    /** Opens a client for the chosen nodes; bad values are usage errors of {@code spec}. */
    public ClusterClient connect(CommandSpec spec) {
        if (timeoutMs < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--timeout-ms must be >= 1, was " + timeoutMs);
        }
        List<NodeAddress> nodes = cluster == null || cluster.isEmpty() ? DEFAULT_CLUSTER
                : new ArrayList<>(new LinkedHashSet<>(cluster));
        // Checked before any channel exists: gRPC would retry the name for the whole timeout
        // and log a stack trace each time, for what is a mistake in the command line.
        for (NodeAddress node : nodes) {
            if (HostResolution.addresses(node).isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--cluster address " + node
                        + ": host '" + node.host() + "' does not resolve");
            }
        }
        return new ClusterClient(nodes, timeoutMs, tls.credentials(spec.commandLine()));
    }

    private static List<NodeAddress> defaultCluster() {
        List<NodeAddress> nodes = new ArrayList<>();
        for (int port = 5001; port <= 5005; port++) {
            nodes.add(new NodeAddress("127.0.0.1", port));
        }
        return List.copyOf(nodes);
    }
}
