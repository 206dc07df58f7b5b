package io.raftdeck.launcher.client;

import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.proto.seed.GetLogRequest;
import io.raftdeck.proto.seed.GetLogResponse;
import io.raftdeck.proto.seed.LogEntry;
import io.raftdeck.proto.seed.RaftServiceGrpc;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code raftdeck log}: the leader's log, through the seed-compatible GetLog. */
@Command(name = "log",
        mixinStandardHelpOptions = true,
        header = "Print the leader's replicated log.",
        description = {
            "Prints the replicated log of the leader (or, with no leader, of the first node",
            "that answers): a header line naming the node, then one line per entry with its",
            "index, term and command in readable form. To see one node's log, pass only",
            "that node in --cluster.",
        })
public final class LogCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Override
    public Integer call() throws InterruptedException {
        try (ClusterClient cluster = client.connect(spec)) {
            List<StatusReport> reports = cluster.statusOfEach(client.timeoutMs());
            StatusReport source = reports.stream().filter(StatusReport::isLeader).findFirst()
                    .or(() -> reports.stream().filter(StatusReport::answered).findFirst())
                    .orElseThrow(() -> new CommandFailure(ExitCodes.NO_LEADER,
                            "no node reachable"));
            GetLogResponse log = cluster.callNode("log", source.address(),
                    (channel, deadline) -> RaftServiceGrpc.newBlockingStub(channel)
                            .withDeadline(deadline).getLog(GetLogRequest.getDefaultInstance()));
            print(source, log);
        }
        return ExitCodes.OK;
    }

    private void print(StatusReport source, GetLogResponse log) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("log of node %d at %s (%s): %d entries%n", source.status().getId(),
                source.address(), StatusTable.roleName(source.status().getRole()),
                log.getEntriesCount());
        out.printf("%8s %6s  %s%n", "INDEX", "TERM", "COMMAND");
        for (LogEntry entry : log.getEntriesList()) {
            out.printf("%8d %6d  %s%n", entry.getIndex(), entry.getTerm(), entry.getCommand());
        }
        out.flush();
    }
}
