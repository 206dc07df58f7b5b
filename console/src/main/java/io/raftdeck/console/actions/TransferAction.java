package io.raftdeck.console.actions;

import io.grpc.Status;
import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.rpc.RpcErrors;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.TransferRequest;
import io.raftdeck.proto.v1.TransferResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Asks the current leader to hand leadership to the selected node (Raft thesis 3.10). */
final class TransferAction {

    private final ActionContext context;

    TransferAction(ActionContext context) {
        this.context = context;
    }

    ActionOutcome toSelected(ClusterView view) {
        NodeView target = view.selectedNode();
        Optional<NodeView> leader = view.leader();
        if (leader.isEmpty()) {
            return ActionOutcome.failed("no leader to transfer leadership from");
        }
        if (leader.get().id() == target.id()) {
            return ActionOutcome.failed("node " + target.id() + " already leads; select another");
        }
        int leaderIndex = view.nodes().indexOf(leader.get());
        try {
            TransferResponse response = AdminServiceGrpc
                    .newBlockingStub(context.channels().channel(leaderIndex))
                    .withDeadlineAfter(context.settings().commandDeadlineMs(),
                            TimeUnit.MILLISECONDS)
                    .transferLeadership(TransferRequest.newBuilder().setTo(target.id()).build());
            return ActionOutcome.ok("leadership moved from node " + leader.get().id()
                    + " to node " + response.getLeaderId() + " in term " + response.getTerm());
        } catch (RuntimeException failed) {
            if (RpcErrors.code(failed) == Status.Code.PERMISSION_DENIED) {
                // Short enough for 80 columns: the node's sentence names the flag it lacks.
                return ActionOutcome.failed("transfer to node " + target.id() + " refused: "
                        + RpcErrors.reason(failed));
            }
            // The server's own words, e.g. UNIMPLEMENTED with its reason.
            return ActionOutcome.failed("transfer to node " + target.id() + " failed: "
                    + RpcErrors.describe(failed));
        }
    }
}
