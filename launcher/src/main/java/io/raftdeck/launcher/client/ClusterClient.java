package io.raftdeck.launcher.client;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.StatusRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a cluster: one gRPC channel per node address, one overall deadline per
 * request, and failover. A request goes to the node that answered last; on UNAVAILABLE (node
 * down, or it knows no leader) or when that node does not answer within the attempt's own,
 * shorter deadline (a stopped process accepts connections and stays silent), it moves on to
 * the next node, and after a full round it pauses briefly and starts again, because an
 * election may be in progress. It gives up only when the overall deadline passes, so every
 * call is bounded by the timeout it was given.
 */
public final class ClusterClient implements AutoCloseable {

    /** Pause between full rounds of UNAVAILABLE answers; an election takes a few hundred ms. */
    private static final long ROUND_PAUSE_MS = 100;
    /** Time an attempt needs at least; see {@link #worthAnotherAttempt}. */
    private static final long ATTEMPT_RESERVE_MS = 100;
    /** One attempt gets a third of the timeout: a silent node or two still leave time. */
    private static final long ATTEMPT_SHARES = 3;
    /** ...but at least this long; see {@link #attemptDeadline}. */
    private static final long MIN_ATTEMPT_MS = 1000;
    private static final long CLOSE_WAIT_MS = 1000;
    /**
     * Largest answer accepted. gRPC's default, 4 MiB, is less than a value a node may store
     * (--max-command-bytes goes up to 16 MiB); twice that leaves room for what comes with it.
     */
    private static final int MAX_ANSWER_BYTES = 32 << 20;

    /** One RPC against one node, which must honour the deadline it is given. */
    @FunctionalInterface
    public interface Rpc<T> {
        T call(ManagedChannel channel, Deadline deadline);
    }

    private final List<NodeAddress> nodes;
    private final long timeoutMs;
    private final ChannelCredentials credentials;
    private final Map<NodeAddress, ManagedChannel> channels = new LinkedHashMap<>();
    /** Nodes already asked whether they speak TLS ({@link TlsMismatch}): once each. */
    private final Set<NodeAddress> probedForTls = ConcurrentHashMap.newKeySet();
    private int preferred;

    /** A plaintext client. */
    public ClusterClient(List<NodeAddress> nodes, long timeoutMs) {
        this(nodes, timeoutMs, InsecureChannelCredentials.create());
    }

    /** A client dialing with {@code credentials} (TLS: {@code cli.ClientTlsOptions}). */
    public ClusterClient(List<NodeAddress> nodes, long timeoutMs,
                         ChannelCredentials credentials) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no node addresses given");
        }
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeout must be >= 1 ms, was " + timeoutMs);
        }
        this.nodes = List.copyOf(nodes);
        this.timeoutMs = timeoutMs;
        this.credentials = credentials;
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
     * failing over on UNAVAILABLE and on an attempt's own deadline. Any other error ends the
     * request at once.
     *
     * @param what names the request in error messages, e.g. "get"
     * @throws CommandFailure with {@link ExitCodes#NO_LEADER} when no node could take the
     *                        request in time, {@link ExitCodes#TIMEOUT} when a node took it
     *                        and did not answer in time, or the code matching another gRPC
     *                        error
     */
    public <T> T call(String what, Rpc<T> rpc) {
        return call(what, rpc, false);
    }

    /**
     * Runs {@code rpc}, a write carrying its session, as {@link #call}: sending it again to
     * another node is safe, since the session makes it apply once. When no node answered and
     * an attempt may have reached a leader's log (a node said "outcome unknown", a call broke
     * after it was sent, or an attempt ran out of its own time), it fails with
     * {@link ExitCodes#TIMEOUT} and says the outcome is unknown, never "no leader": the write
     * may still commit.
     */
    public <T> T write(String what, Rpc<T> rpc) {
        return call(what, rpc, true);
    }

    private <T> T call(String what, Rpc<T> rpc, boolean write) {
        nodes.forEach(this::channel);
        Deadline deadline = Deadline.after(timeoutMs, TimeUnit.MILLISECONDS);
        FailedAttempts failed = new FailedAttempts(what, write, timeoutMs);
        while (true) {
            for (int turn = 0; turn < nodes.size(); turn++) {
                if (!failed.isEmpty() && !worthAnotherAttempt(deadline)) {
                    throw failed.verdict();
                }
                int index = (preferred + turn) % nodes.size();
                NodeAddress node = nodes.get(index);
                try {
                    T answer = rpc.call(channel(node), attemptDeadline(deadline));
                    preferred = index;
                    return answer;
                } catch (StatusRuntimeException e) {
                    Status.Code code = e.getStatus().getCode();
                    if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
                        throw RpcFailures.failure(what, node, e, timeoutMs);
                    }
                    if (probedForTls.add(node)) {
                        Optional<CommandFailure> mismatch = TlsMismatch.of(node,
                                !(credentials instanceof InsecureChannelCredentials), e);
                        if (mismatch.isPresent()) {
                            throw mismatch.get();
                        }
                    }
                    failed.add(node, e);
                }
            }
            pauseBeforeNextRound(deadline);
        }
    }

    /**
     * The deadline of one attempt: a share of the whole timeout, so that a node that accepts
     * connections but never answers (a stopped process, a hung host) costs one attempt and
     * not the whole call, and the next node still gets its turn. The floor keeps a healthy but
     * slow answer from being cut short: a write that arrives during an election waits for the
     * new leader (hundreds of ms at the default timing, seconds at --slow) and then for a
     * commit round. Cutting it off is safe (the session makes a resend apply once) but only
     * starts the wait again elsewhere, and the call may end "outcome unknown" on a write that
     * was about to commit. Never past the call's own deadline.
     */
    private Deadline attemptDeadline(Deadline deadline) {
        long attemptMs = Math.max(MIN_ATTEMPT_MS, timeoutMs / ATTEMPT_SHARES);
        return Deadline.after(attemptMs, TimeUnit.MILLISECONDS).minimum(deadline);
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
                        address.host(), address.port(), credentials)
                .maxInboundMessageSize(MAX_ANSWER_BYTES).build());
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
}
