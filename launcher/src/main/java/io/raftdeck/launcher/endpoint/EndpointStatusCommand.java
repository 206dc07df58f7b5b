package io.raftdeck.launcher.endpoint;

import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.client.ClusterClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code raftdeck endpoint status}. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        header = "Show each node's id, version, leadership, term and log indexes.",
        description = {
            "Columns: endpoint, id, version, is leader, is learner (always false: raftdeck",
            "has no learners yet), term, index (last log index), applied (last applied",
            "index), errors (why a node did not answer, or the reason it stopped).",
            "Exits 0 when every endpoint answered, 10 when any did not or has stopped.",
        })
final class EndpointStatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private EndpointOptions options;

    @Override
    public Integer call() throws InterruptedException {
        List<EndpointStatus> rows;
        try (ClusterClient cluster = options.client.connect(spec)) {
            rows = cluster.statusOfEach(options.client.timeoutMs()).stream()
                    .map(EndpointStatus::of).toList();
        }
        EndpointRows.print(spec.commandLine().getOut(), options.format, rows,
                EndpointStatus.HEADERS, EndpointStatus::cells);
        long failed = rows.stream().filter(EndpointStatus::failed).count();
        if (failed > 0) {
            throw new CommandFailure(ExitCodes.ENDPOINT_UNHEALTHY, failed + " of "
                    + rows.size() + " endpoints did not answer or have stopped");
        }
        return ExitCodes.OK;
    }
}
