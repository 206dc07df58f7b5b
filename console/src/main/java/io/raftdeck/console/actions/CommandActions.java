package io.raftdeck.console.actions;

import com.google.protobuf.ByteString;
import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.Reachability;
import io.raftdeck.console.rpc.RpcErrors;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.proto.v1.WriteResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends free-text commands through the client API. A command goes to the leader first; when a
 * node answers UNAVAILABLE (down, or no leader known) the next node is tried, so typing works
 * during an election too. Each attempt has the command deadline. Every attempt of one command
 * carries the same session reference, so a command whose answer was lost applies only once.
 */
final class CommandActions {

    private final ActionContext context;
    private final CommandSession session;

    CommandActions(ActionContext context, CommandSession session) {
        this.context = context;
        this.session = session;
    }

    ActionOutcome send(ClusterView view, String command) {
        String failure = "no node to send to";
        boolean mayHaveApplied = false;
        CommandRequest request = request(command, session.next());
        for (int index : targetOrder(view)) {
            Instant sentAt = context.clock().instant();
            try {
                WriteResponse response = stub(index).command(request);
                return committed(command, response, sentAt);
            } catch (RuntimeException failed) {
                failure = "node " + view.nodes().get(index).id() + ": "
                        + RpcErrors.describe(failed);
                mayHaveApplied |= RpcErrors.mayHaveApplied(failed);
                if (session.renewIfForgotten(failed)) {
                    failure += " (not applied; a new session starts, send it again)";
                }
                if (!RpcErrors.isUnavailable(failed)) {
                    break;
                }
            }
        }
        // Never "not committed" for a command that may still commit: the log may show it yet.
        return ActionOutcome.failed("'" + command + "' " + (mayHaveApplied
                ? "outcome unknown (it may still commit): " : "not committed: ") + failure);
    }

    private ActionOutcome committed(String command, WriteResponse response, Instant sentAt) {
        long latencyMs = Duration.between(sentAt, context.clock().instant()).toMillis();
        String label = "'" + command + "'";
        context.commands().expect(response.getIndex(), label, sentAt);
        return ActionOutcome.ok("committed " + label + " at index " + response.getIndex()
                + ", term " + response.getTerm() + " (leader " + response.getLeaderId() + ") in "
                + latencyMs + " ms");
    }

    /**
     * The leader first, then the selected node, then the other nodes that answer. Only when
     * none answers are the others tried (except nodes killed here): the status may lag.
     */
    static List<Integer> targetOrder(ClusterView view) {
        List<Integer> order = new ArrayList<>();
        view.leader().ifPresent(leader -> order.add(view.nodes().indexOf(leader)));
        if (view.selectedNode().answers() && !order.contains(view.selected())) {
            order.add(view.selected());
        }
        for (int index = 0; index < view.nodes().size(); index++) {
            if (view.nodes().get(index).answers() && !order.contains(index)) {
                order.add(index);
            }
        }
        if (order.isEmpty()) {
            for (int index = 0; index < view.nodes().size(); index++) {
                if (view.nodes().get(index).reachability() != Reachability.DOWN) {
                    order.add(index);
                }
            }
        }
        return order;
    }

    ClientServiceGrpc.ClientServiceBlockingStub stub(int index) {
        return ClientServiceGrpc.newBlockingStub(context.channels().channel(index))
                .withDeadlineAfter(context.settings().commandDeadlineMs(), TimeUnit.MILLISECONDS);
    }

    static CommandRequest request(String command, SessionRef session) {
        return CommandRequest.newBuilder().setCommand(ByteString.copyFromUtf8(command))
                .setSession(session).build();
    }
}
