package io.raftdeck.console.actions;

import io.grpc.Status;
import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.rpc.RpcErrors;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.SetLinksRequest;
import io.raftdeck.proto.v1.SetLinksResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Isolate, split and heal: a {@link LinkPlan} sent to every node that answers as SetLinks
 * calls, all at once. Nodes that are down are skipped and named in the outcome.
 */
final class FaultActions {

    private static final String ALLOW_FAULTS = "--allow-faults";

    private final ActionContext context;

    FaultActions(ActionContext context) {
        this.context = context;
    }

    ActionOutcome isolateSelected(ClusterView view) {
        Map<Integer, List<Integer>> currentCuts = new LinkedHashMap<>();
        for (NodeView node : view.nodes()) {
            if (node.answers()) {
                currentCuts.put(node.id(), node.state().cutLinks());
            }
        }
        return apply(view, LinkPlan.isolate(view.selectedNode().id(), ids(view), currentCuts));
    }

    ActionOutcome splitAroundSelected(ClusterView view) {
        if (view.nodes().size() < 2) {
            return ActionOutcome.failed("split needs at least two nodes");
        }
        return apply(view, LinkPlan.split(view.selectedNode().id(), ids(view)));
    }

    ActionOutcome healAll(ClusterView view) {
        return apply(view, LinkPlan.heal(ids(view)));
    }

    private static List<Integer> ids(ClusterView view) {
        return view.nodes().stream().map(NodeView::id).toList();
    }

    private ActionOutcome apply(ClusterView view, LinkPlan plan) {
        Map<Integer, CompletableFuture<SetLinksResponse>> calls = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (int index = 0; index < view.nodes().size(); index++) {
            NodeView node = view.nodes().get(index);
            SortedSet<Integer> cut = plan.cutsByNode().get(node.id());
            if (!node.answers()) {
                skipped.add(String.valueOf(node.id()));
            } else if (cut != null) {
                calls.put(node.id(), setLinks(index, cut));
            }
        }
        List<String> failures = new ArrayList<>();
        calls.forEach((id, call) -> {
            String failure = await(call);
            if (failure != null) {
                failures.add("node " + id + ": " + failure);
            }
        });
        return outcome(plan, calls.size(), skipped, failures);
    }

    private CompletableFuture<SetLinksResponse> setLinks(int index, SortedSet<Integer> cut) {
        SetLinksRequest request = SetLinksRequest.newBuilder().addAllCut(cut).build();
        return UnaryCalls.call(observer -> AdminServiceGrpc
                .newStub(context.channels().channel(index))
                .withDeadlineAfter(context.settings().commandDeadlineMs(), TimeUnit.MILLISECONDS)
                .setLinks(request, observer));
    }

    /** Null when the call succeeded, else why it failed. */
    private String await(CompletableFuture<SetLinksResponse> call) {
        try {
            // The call has its own deadline; this bound only guards against a lost callback.
            call.get(context.settings().commandDeadlineMs() + 1000, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException failed) {
            String text = RpcErrors.describe(failed.getCause());
            // Nodes name the flag themselves; older ones only said the controls were off.
            if (RpcErrors.code(failed.getCause()) == Status.Code.PERMISSION_DENIED
                    && !text.contains(ALLOW_FAULTS)) {
                text += " (start nodes with " + ALLOW_FAULTS + ")";
            }
            return text;
        } catch (TimeoutException timedOut) {
            return "no answer in time";
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static ActionOutcome outcome(LinkPlan plan, int sent, List<String> skipped,
            List<String> failures) {
        StringBuilder text = new StringBuilder(plan.description()).append(": ");
        text.append(sent - failures.size()).append(" of ").append(sent + skipped.size())
                .append(" nodes updated");
        if (!skipped.isEmpty()) {
            text.append("; not answering: ").append(String.join(",", skipped));
        }
        if (!failures.isEmpty()) {
            text.append("; ").append(String.join("; ", failures));
        }
        boolean failed = !failures.isEmpty() || sent == 0;
        return new ActionOutcome(text.toString(), failed);
    }
}
