package io.raftdeck.launcher.client;

import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code raftdeck status}: one row per node. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        header = "Show every node's role, term, leader and log indexes.",
        description = {
            "Asks every node in --cluster for its status and prints a table: id, address,",
            "role, term, the leader it knows ('-' for none), commit index, last applied and",
            "last log index, then the operator signals: the WAL's fsync p99 over the last",
            "minute (FSYNC99; past 10 ms the row ends 'slow disk') and the JVM pauses",
            "longer than a heartbeat (PAUSES). A node that does not answer gets a row",
            "saying why.",
            "Exits 0 when at least one node answered, 3 when none did.",
        })
public final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Override
    public Integer call() throws InterruptedException {
        try (ClusterClient cluster = client.connect(spec)) {
            List<StatusReport> reports = cluster.statusOfEach(client.timeoutMs());
            PrintWriter out = spec.commandLine().getOut();
            out.println(StatusTable.header());
            reports.forEach(report -> out.println(StatusTable.row(report)));
            out.flush();
            if (reports.stream().noneMatch(StatusReport::answered)) {
                throw new CommandFailure(ExitCodes.NO_LEADER, "no node reachable");
            }
        }
        return ExitCodes.OK;
    }
}
