package io.raftdeck.console.actions;

import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.rpc.RpcErrors;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a burst of commands to one node all at once, so the leader batches and pipelines them:
 * the log strips fill and the followers' match indexes race to catch up. The commands take
 * consecutive numbers in the dashboard's session (see {@link CommandSession}).
 */
final class BurstAction {

    static final int BURST_SIZE = 100;

    private final ActionContext context;
    private final CommandSession session;
    private int burstsSent;

    BurstAction(ActionContext context, CommandSession session) {
        this.context = context;
        this.session = session;
    }

    ActionOutcome send(ClusterView view) {
        List<Integer> order = CommandActions.targetOrder(view);
        if (order.isEmpty()) {
            return ActionOutcome.failed("burst: no node to send to");
        }
        int index = order.get(0);
        int burst = ++burstsSent;
        Instant sentAt = context.clock().instant();
        ClientServiceGrpc.ClientServiceStub stub = ClientServiceGrpc
                .newStub(context.channels().channel(index))
                .withDeadlineAfter(context.settings().commandDeadlineMs(), TimeUnit.MILLISECONDS);
        List<CompletableFuture<WriteResponse>> calls = new ArrayList<>();
        for (int number = 1; number <= BURST_SIZE; number++) {
            CommandRequest request = CommandActions.request("burst " + burst + " #" + number,
                    session.next());
            calls.add(UnaryCalls.call(observer -> stub.command(request, observer)));
        }
        awaitAll(calls);
        return summarize(burst, view.nodes().get(index).id(), calls, sentAt);
    }

    private void awaitAll(List<CompletableFuture<WriteResponse>> calls) {
        CompletableFuture<Void> all =
                CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]));
        try {
            // Each call carries the deadline; this bound only guards against a lost callback.
            all.get(context.settings().commandDeadlineMs() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException someFailed) {
            // Counted one by one below.
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private ActionOutcome summarize(int burst, int nodeId,
            List<CompletableFuture<WriteResponse>> calls, Instant sentAt) {
        long elapsedMs = Duration.between(sentAt, context.clock().instant()).toMillis();
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        int committed = 0;
        String firstFailure = null;
        for (CompletableFuture<WriteResponse> call : calls) {
            if (call.isDone() && !call.isCompletedExceptionally()) {
                long index = call.join().getIndex();
                lowest = Math.min(lowest, index);
                highest = Math.max(highest, index);
                committed++;
            } else if (firstFailure == null) {
                firstFailure = call.isDone() ? failureOf(call) : "no answer in time";
            }
        }
        String text = "burst " + burst + " via node " + nodeId + ": " + committed + "/"
                + calls.size() + " committed in " + elapsedMs + " ms";
        if (committed > 0) {
            text += ", indexes " + lowest + ".." + highest;
            context.commands().expect(highest, "burst " + burst, sentAt);
        }
        if (firstFailure != null) {
            text += "; first failure: " + firstFailure;
        }
        return new ActionOutcome(text, committed < calls.size());
    }

    private String failureOf(CompletableFuture<WriteResponse> call) {
        try {
            call.join();
            return "none";
        } catch (RuntimeException failed) {
            Throwable cause = failed.getCause() == null ? failed : failed.getCause();
            String failure = RpcErrors.describe(cause);
            if (session.renewIfForgotten(cause)) {
                failure += " (not applied; a new session starts with the next command)";
            }
            return failure;
        }
    }
}
