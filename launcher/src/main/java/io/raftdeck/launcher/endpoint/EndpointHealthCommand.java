package io.raftdeck.launcher.endpoint;

import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.node.NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code raftdeck endpoint health}. */
@Command(name = "health",
        mixinStandardHelpOptions = true,
        header = "Check that each node answers and serves a linearizable read.",
        description = {
            "An endpoint is healthy when it answers its status as running and a",
            "linearizable read through it succeeds within --timeout-ms: it reaches a",
            "leader that holds a quorum. Columns: endpoint, healthy, took, error.",
            "Exits 0 when every endpoint is healthy, 10 when any is not.",
        })
final class EndpointHealthCommand implements Callable<Integer> {

    /** Endpoints probed at once; a longer --cluster list waits its turn. */
    private static final int MAX_PARALLEL_PROBES = 16;

    @Spec
    private CommandSpec spec;

    @Mixin
    private EndpointOptions options;

    @Override
    public Integer call() {
        List<EndpointHealth> rows = new ArrayList<>();
        try (ClusterClient cluster = options.client.connect(spec)) {
            List<NodeAddress> nodes = cluster.nodes();
            ExecutorService probes = Executors.newFixedThreadPool(
                    Math.min(nodes.size(), MAX_PARALLEL_PROBES), runnable -> {
                        Thread thread = new Thread(runnable, "endpoint-health");
                        thread.setDaemon(true);
                        return thread;
                    });
            try {
                List<CompletableFuture<EndpointHealth>> answers = new ArrayList<>();
                for (NodeAddress node : nodes) {
                    answers.add(CompletableFuture.supplyAsync(() -> EndpointHealth.probe(node,
                            cluster.channel(node), options.client.timeoutMs()), probes));
                }
                // Each probe ends by its own deadline, so joining is bounded by the timeout.
                answers.forEach(answer -> rows.add(answer.join()));
            } finally {
                probes.shutdownNow();
            }
        }
        EndpointRows.print(spec.commandLine().getOut(), options.format, rows,
                EndpointHealth.HEADERS, EndpointHealth::cells);
        long unhealthy = rows.stream().filter(row -> !row.healthy()).count();
        if (unhealthy > 0) {
            throw new CommandFailure(ExitCodes.ENDPOINT_UNHEALTHY, unhealthy + " of "
                    + rows.size() + " endpoints are not healthy");
        }
        return ExitCodes.OK;
    }
}
