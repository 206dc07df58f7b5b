package io.raftdeck.launcher.client;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.TransferRequest;
import io.raftdeck.proto.v1.TransferResponse;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code raftdeck transfer --to N}. */
@Command(name = "transfer",
        mixinStandardHelpOptions = true,
        header = "Move leadership to another node.",
        description = {
            "Asks the current leader to hand leadership to node N (Raft thesis 3.10): it stops",
            "taking new writes, brings N up to date, then tells N to start an election at once.",
            "Prints 'OK leader=N term=T' once N leads; exits 6 when the leader gives up",
            "(N did not catch up within an election timeout), 3 when no node leads and 2 when",
            "the leader runs without --allow-faults, which it needs to move leadership.",
        })
public final class TransferCommand implements Callable<Integer> {

    /** Pause before looking for the leader again after it moved. */
    private static final long RETRY_PAUSE_MS = 50;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Option(names = "--to", required = true, paramLabel = "N",
            description = "Id of the node that should lead.")
    private int target;

    @Override
    public Integer call() throws InterruptedException {
        Deadline deadline = Deadline.after(client.timeoutMs(), TimeUnit.MILLISECONDS);
        TransferRequest request = TransferRequest.newBuilder().setTo(target).build();
        try (ClusterClient cluster = client.connect(spec)) {
            while (true) {
                StatusReport leader = currentLeader(cluster.statusOfEach(
                        Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS))));
                try {
                    TransferResponse response = AdminServiceGrpc
                            .newBlockingStub(cluster.channel(leader.address()))
                            .withDeadline(deadline).transferLeadership(request);
                    spec.commandLine().getOut().println("OK leader=" + response.getLeaderId()
                            + " term=" + response.getTerm());
                    return ExitCodes.OK;
                } catch (StatusRuntimeException e) {
                    // UNAVAILABLE: leadership moved since the status round; find it again.
                    if (e.getStatus().getCode() != Status.Code.UNAVAILABLE
                            || deadline.timeRemaining(TimeUnit.MILLISECONDS) < RETRY_PAUSE_MS) {
                        throw failure(leader, e);
                    }
                    Thread.sleep(RETRY_PAUSE_MS);
                }
            }
        }
    }

    /** The leader of the highest term among the nodes that answered. */
    private static StatusReport currentLeader(List<StatusReport> reports) {
        return reports.stream().filter(StatusReport::isLeader)
                .max(Comparator.comparingLong(report -> report.status().getTerm()))
                .orElseThrow(() -> new CommandFailure(ExitCodes.NO_LEADER,
                        "no leader available: no node answered as leader"));
    }

    /** A refused or abandoned transfer is its own outcome, not an internal error. */
    private CommandFailure failure(StatusReport leader, StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
            return new CommandFailure(ExitCodes.TRANSFER_FAILED, "transfer failed: "
                    + e.getStatus().getDescription());
        }
        if (e.getStatus().getCode() == Status.Code.PERMISSION_DENIED) {
            // The node's configuration forbids it: asking again cannot help, so not exit 6.
            return new CommandFailure(ExitCodes.USAGE, leader.address()
                    + " refused the transfer: " + e.getStatus().getDescription());
        }
        return RpcFailures.failure("transfer", leader.address(), e, client.timeoutMs());
    }
}
