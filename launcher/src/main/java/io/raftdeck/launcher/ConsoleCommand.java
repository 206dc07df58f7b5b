package io.raftdeck.launcher;

import io.grpc.ChannelCredentials;
import io.raftdeck.launcher.cli.ClientTlsOptions;
import io.raftdeck.launcher.cli.DashboardTerminal;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.cli.NodeAddressConverter;
import io.raftdeck.console.ChaosMode;
import io.raftdeck.console.Dashboard;
import io.raftdeck.console.NodeLifecycle;
import io.raftdeck.console.NodeTarget;
import io.raftdeck.launcher.localcluster.LogFile;
import io.raftdeck.node.NodeAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code raftdeck console}: the live dashboard on a cluster someone else started. */
@Command(name = "console",
        mixinStandardHelpOptions = true,
        header = "Attach the live dashboard to a running cluster.",
        description = {
            "Opens the dashboard on running nodes (raftdeck node or cluster, on any host),",
            "numbered 1..N in the order given. It reaches them only through their gRPC",
            "status, admin and client services. Isolate, split, heal and transfer work on nodes",
            "started with --allow-faults; kill and restart are not offered, since the console",
            "did not start the nodes. Press ? on the dashboard for every key, q to quit.",
            "",
        })
final class ConsoleCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", split = ",", paramLabel = "HOST:PORT",
            converter = NodeAddressConverter.class,
            description = "The nodes to show, comma-separated, at most " + Dashboard.MAX_NODES
                    + " (default: 127.0.0.1:5001,...,127.0.0.1:5005).")
    private List<NodeAddress> nodes;

    @Mixin
    private ClientTlsOptions tls;

    @Override
    public Integer call() throws IOException {
        List<NodeTarget> targets = targets();
        ChannelCredentials credentials = tls.credentials(spec.commandLine());
        DashboardTerminal.require();
        // gRPC logs a warning now and then (a node going away); it must not tear the screen.
        Path logPath = Files.createTempFile("raftdeck-console-", ".log");
        try (LogFile log = LogFile.routeTo(logPath)) {
            DashboardTerminal.show(targets, NodeLifecycle.remote(), ChaosMode.unavailable(),
                    credentials);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (Files.size(logPath) == 0) {
            Files.delete(logPath);
        } else {
            out.println("raftdeck console: log records written while it ran: " + logPath);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private List<NodeTarget> targets() {
        List<NodeAddress> addresses = nodes == null || nodes.isEmpty() ? defaultNodes()
                : new ArrayList<>(new LinkedHashSet<>(nodes));
        if (addresses.size() > Dashboard.MAX_NODES) {
            throw new ParameterException(spec.commandLine(), "--nodes lists "
                    + addresses.size() + " nodes; the dashboard shows at most "
                    + Dashboard.MAX_NODES);
        }
        List<NodeTarget> targets = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            targets.add(new NodeTarget(i + 1, addresses.get(i).host(), addresses.get(i).port()));
        }
        return targets;
    }

    private static List<NodeAddress> defaultNodes() {
        List<NodeAddress> defaults = new ArrayList<>();
        for (int port = 5001; port <= 5005; port++) {
            defaults.add(new NodeAddress("127.0.0.1", port));
        }
        return defaults;
    }
}
