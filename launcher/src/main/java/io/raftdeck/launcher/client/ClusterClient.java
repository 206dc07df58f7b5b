package io.raftdeck.launcher.client;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.launcher.CommandFailure;
import io.raftdeck.launcher.ExitCodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.service.WriteOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a cluster: one gRPC channel per node address, one overall deadline per
 * request, and failover. A request goes to the node that answered last; on UNAVAILABLE (node
 * down, or it knows no leader) it moves on to the next node, and after a full round it pauses
 * briefly and starts again, because an election may be in progress. It gives up only when the
 * deadline passes, so every call is bounded by the timeout it was given.
 */
public final class ClusterClient implements AutoCloseable {

    /** Pause between full rounds of UNAVAILABLE answers; an election takes a few hundred ms. */
    private static final long ROUND_PAUSE_MS = 100;
    /** Time an attempt needs at least; see {@link #worthAnotherAttempt}. */
    private static final long ATTEMPT_RESERVE_MS = 100;
    private static final long CLOSE_WAIT_MS = 1000;

    /** One RPC against one node, which must honour the deadline it is given. */
    @FunctionalInterface
    public interface Rpc<T> {
        T call(ManagedChannel channel, Deadline deadline);
    }

    private final List<NodeAddress> nodes;
    private final long timeoutMs;
    private final Map<NodeAddress, ManagedChannel> channels = new LinkedHashMap<>();
    private int preferred;

    public ClusterClient(List<NodeAddress> nodes, long timeoutMs) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no node addresses given");
        }
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeout must be >= 1 ms, was " + timeoutMs);
        }
        this.nodes = List.copyOf(nodes);
        this.timeoutMs = timeoutMs;
    }

    public List<NodeAddress> nodes() {
        return nodes;
    }

    /** The deadline each request gets, failover included. */
    public long timeoutMs() {
        return timeoutMs;
    }

    /**
     * Runs {@code rpc}, a read or a status call, against the nodes in turn until one answers,
     * failing over on UNAVAILABLE. Any other error ends the request at once.
     *
     * @param what names the request in error messages, e.g. "get"
     * @throws CommandFailure with {@link ExitCodes#NO_LEADER} when no node could take the
     *                        request in time, {@link ExitCodes#TIMEOUT} when a node did not
     *                        answer in time, or the code matching another gRPC error
     */
    public <T> T call(String what, Rpc<T> rpc) {
        return call(what, rpc, false);
    }

    /**
     * Runs {@code rpc}, a write carrying its session, as {@link #call}: sending it again to
     * another node is safe, since the session makes it apply once. When no node answered and
     * an attempt may have reached a leader's log (a node said "outcome unknown", or a call
     * broke after it was sent), it fails with {@link ExitCodes#TIMEOUT} and says the outcome
     * is unknown, never "no leader": the write may still commit.
     */
    public <T> T write(String what, Rpc<T> rpc) {
        return call(what, rpc, true);
    }

    private <T> T call(String what, Rpc<T> rpc, boolean write) {
        nodes.forEach(this::channel);
        Deadline deadline = Deadline.after(timeoutMs, TimeUnit.MILLISECONDS);
        Attempt last = null;
        boolean mayHaveApplied = false;
        while (true) {
            for (int turn = 0; turn < nodes.size(); turn++) {
                if (last != null && !worthAnotherAttempt(deadline)) {
                    throw mayHaveApplied ? outcomeUnknown(what, last) : noLeader(what, last);
                }
                int index = (preferred + turn) % nodes.size();
                NodeAddress node = nodes.get(index);
                try {
                    T answer = rpc.call(channel(node), deadline);
                    preferred = index;
                    return answer;
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                        throw RpcFailures.failure(what, node, e, timeoutMs);
                    }
                    mayHaveApplied |= write && !WriteOutcome.certainlyNotProposed(e);
                    last = new Attempt(node, e);
                }
            }
            pauseBeforeNextRound(deadline);
        }
    }

    /**
     * Whether enough time is left for a node to answer. Without this reserve the last retry
     * would start a moment before the deadline and end in DEADLINE_EXCEEDED, reporting a
     * timeout (the write may have applied) where every node had in fact said "no leader".
     */
    private boolean worthAnotherAttempt(Deadline deadline) {
        return deadline.timeRemaining(TimeUnit.MILLISECONDS) >= attemptReserveMs();
    }

    private long attemptReserveMs() {
        return Math.min(ATTEMPT_RESERVE_MS, timeoutMs / 4);
    }

    /** Runs {@code rpc} against {@code node} only, with no failover, within the timeout. */
    public <T> T callNode(String what, NodeAddress node, Rpc<T> rpc) {
        Deadline deadline = Deadline.after(timeoutMs, TimeUnit.MILLISECONDS);
        try {
            return rpc.call(channel(node), deadline);
        } catch (StatusRuntimeException e) {
            throw RpcFailures.failure(what, node, e, timeoutMs);
        }
    }

    /**
     * Asks every node for its status at once and waits for all answers or the deadline; a node
     * that does not answer is reported with its error instead. Never throws for a node error.
     */
    public List<StatusReport> statusOfEach(long timeoutMs) throws InterruptedException {
        // Channels first: the first one loads the transport, which must not eat the deadline.
        List<ManagedChannel> nodeChannels = nodes.stream().map(this::channel).toList();
        Deadline deadline = Deadline.after(timeoutMs, TimeUnit.MILLISECONDS);
        StatusRequest request = StatusRequest.getDefaultInstance();
        List<ListenableFuture<NodeStatus>> answers = new ArrayList<>();
        for (ManagedChannel channel : nodeChannels) {
            answers.add(AdminServiceGrpc.newFutureStub(channel).withDeadline(deadline)
                    .status(request));
        }
        List<StatusReport> reports = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            reports.add(report(nodes.get(i), answers.get(i)));
        }
        return reports;
    }

    /** The channel to {@code node}, opened on first use and kept until {@link #close()}. */
    public synchronized ManagedChannel channel(NodeAddress node) {
        return channels.computeIfAbsent(node, address -> Grpc.newChannelBuilderForAddress(
                address.host(), address.port(), InsecureChannelCredentials.create()).build());
    }

    @Override
    public synchronized void close() {
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow();
        }
        try {
            for (ManagedChannel channel : channels.values()) {
                channel.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channels.clear();
    }

    private static StatusReport report(NodeAddress node, ListenableFuture<NodeStatus> answer)
            throws InterruptedException {
        try {
            return StatusReport.answered(node, answer.get());
        } catch (ExecutionException e) {
            return StatusReport.failed(node, RpcFailures.describe(e.getCause()));
        }
    }

    private CommandFailure noLeader(String what, Attempt last) {
        String lastAnswer = last == null ? "no node was tried"
                : "last: " + last.node() + ": " + RpcFailures.describe(last.failure());
        return new CommandFailure(ExitCodes.NO_LEADER, "no leader available: " + what
                + " not accepted within " + timeoutMs + " ms (" + lastAnswer + ")");
    }

    private CommandFailure outcomeUnknown(String what, Attempt last) {
        return new CommandFailure(ExitCodes.TIMEOUT, WriteOutcome.UNKNOWN + ": " + what
                + " not confirmed within " + timeoutMs + " ms; it may or may not have applied"
                + " (last: " + last.node() + ": " + RpcFailures.describe(last.failure()) + ")");
    }

    private void pauseBeforeNextRound(Deadline deadline) {
        // A refused connection puts a channel into reconnect back-off (1 s and growing);
        // without a reset a node that just came back would be skipped for the whole timeout.
        synchronized (this) {
            channels.values().forEach(ManagedChannel::resetConnectBackoff);
        }
        long pauseMs = Math.min(ROUND_PAUSE_MS,
                deadline.timeRemaining(TimeUnit.MILLISECONDS) - attemptReserveMs());
        try {
            if (pauseMs > 0) {
                Thread.sleep(pauseMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCodes.INTERNAL, "interrupted");
        }
    }

    private record Attempt(NodeAddress node, StatusRuntimeException failure) {
    }
}
