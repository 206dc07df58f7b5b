package io.raftdeck.service;

import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.node.NodeSnapshot;
import io.raftdeck.node.ProposalException;
import io.raftdeck.node.RaftNode;
import io.raftdeck.transport.LinkFilter;
import io.raftdeck.transport.PeerChannels;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gets a write (or linearizable read) to the leader: proposed here when this node leads,
 * forwarded once to the leader it knows otherwise, and retried while no leader is known — for
 * at most {@code noLeaderWaitMs}, then UNAVAILABLE. Every request ends by its deadline (the
 * caller's, or {@code commitTimeoutMs}): nothing waits forever. Failures come out as
 * {@link StatusRuntimeException}s ready to hand to gRPC.
 *
 * <p>A forwarded request that fails with UNAVAILABLE is retried, so a command can reach the
 * log twice if the leader committed it but the answer was lost. A write with a client session
 * still applies once (the state machine answers the repeat with the first result); one
 * without a session, such as a seed ClientRequest, is at-least-once.
 */
public final class LeaderRouter {

    /** What a client hears when no node leads; the seed facade matches on it. */
    public static final String NO_LEADER = "no leader available (election in progress)";

    private final RaftNode node;
    private final PeerChannels channels;
    private final LinkFilter links;
    private final ScheduledExecutorService executor;
    private final long commitTimeoutMs;
    private final long noLeaderWaitMs;
    private final long retryDelayMs;

    /** Runs the request on this node, which leads. */
    public interface Local<T> {
        CompletableFuture<T> run();
    }

    /** Sends the request to the leader over {@code channel}, within {@code timeoutMs}. */
    public interface Remote<T> {
        CompletableFuture<T> call(Channel leader, long timeoutMs);
    }

    /**
     * @param links a cut link to the leader blocks forwarding too, as a real partition would
     */
    public LeaderRouter(RaftNode node, PeerChannels channels, LinkFilter links,
                        ScheduledExecutorService executor, long commitTimeoutMs,
                        long noLeaderWaitMs, long retryDelayMs) {
        this.node = node;
        this.channels = channels;
        this.links = links;
        this.executor = executor;
        this.commitTimeoutMs = commitTimeoutMs;
        this.noLeaderWaitMs = noLeaderWaitMs;
        this.retryDelayMs = retryDelayMs;
    }

    /**
     * Routes one request. Must be called on the gRPC handler thread: it reads the call's
     * deadline and whether it was forwarded from the current context.
     */
    public <T> CompletableFuture<T> route(Local<T> local, Remote<T> remote) {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(commitTimeoutMs);
        Deadline callerDeadline = Context.current().getDeadline();
        if (callerDeadline != null) {
            timeoutNanos = Math.min(timeoutNanos,
                    callerDeadline.timeRemaining(TimeUnit.NANOSECONDS));
        }
        Attempt<T> attempt = new Attempt<>(local, remote, Forwarding.isForwarded(),
                System.nanoTime() + timeoutNanos);
        attempt.run();
        return attempt.result;
    }

    /** One request's way to the leader; each step runs on a service thread. */
    private final class Attempt<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Local<T> local;
        private final Remote<T> remote;
        private final boolean forwarded;
        private final long deadlineNanos;
        private long noLeaderSinceNanos;
        private boolean waitingForLeader;

        Attempt(Local<T> local, Remote<T> remote, boolean forwarded, long deadlineNanos) {
            this.local = local;
            this.remote = remote;
            this.forwarded = forwarded;
            this.deadlineNanos = deadlineNanos;
        }

        void run() {
            long now = System.nanoTime();
            if (now - deadlineNanos >= 0) {
                fail(Status.DEADLINE_EXCEEDED.withDescription("not committed within "
                        + commitTimeoutMs + " ms"));
                return;
            }
            NodeSnapshot snapshot = node.snapshot();
            int leader = snapshot.raft().leaderId();
            if (snapshot.failure() != null) {
                fail(Status.UNAVAILABLE.withDescription("node " + node.id()
                        + " has stopped: " + snapshot.failure()));
            } else if (snapshot.isLeader()) {
                waitingForLeader = false;
                // Completed by the node's loop: answering from there (serialize, hand to the
                // transport) costs less than a hop to another thread and back.
                withDeadline(local.run()).whenComplete(this::localDone);
            } else if (forwarded) {
                fail(Status.UNAVAILABLE.withDescription("node " + node.id()
                        + " is not the leader"));
            } else if (leader != 0 && channels.channel(leader).isPresent()) {
                waitingForLeader = false;
                if (!links.allows(leader)) {
                    retryLater(); // partitioned from the leader: wait, as the network would
                    return;
                }
                long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - now));
                remote.call(channels.channel(leader).get(), remainingMs)
                        .whenCompleteAsync(this::remoteDone, executor);
            } else {
                waitForLeader(now);
            }
        }

        private void waitForLeader(long now) {
            if (!waitingForLeader) {
                waitingForLeader = true;
                noLeaderSinceNanos = now;
            }
            if (now - noLeaderSinceNanos >= TimeUnit.MILLISECONDS.toNanos(noLeaderWaitMs)) {
                fail(Status.UNAVAILABLE.withDescription(NO_LEADER));
            } else {
                retryLater();
            }
        }

        private CompletableFuture<T> withDeadline(CompletableFuture<T> future) {
            long remainingNanos = deadlineNanos - System.nanoTime();
            ScheduledFuture<?> timer = executor.schedule(() -> future.completeExceptionally(
                    Status.DEADLINE_EXCEEDED.withDescription("not committed within "
                            + commitTimeoutMs + " ms").asRuntimeException()),
                    remainingNanos, TimeUnit.NANOSECONDS);
            future.whenComplete((value, error) -> timer.cancel(false));
            return future;
        }

        private void localDone(T value, Throwable error) {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof ProposalException proposal
                    && (proposal.reason() == ProposalException.Reason.NOT_LEADER
                    || proposal.reason() == ProposalException.Reason.LEADERSHIP_LOST)) {
                retryLater(); // never committed: safe to try again wherever the leader is now
            } else {
                result.completeExceptionally(toStatusException(cause));
            }
        }

        private void remoteDone(T value, Throwable error) {
            if (error == null) {
                result.complete(value);
                return;
            }
            Status status = Status.fromThrowable(unwrap(error));
            if (status.getCode() == Status.Code.UNAVAILABLE) {
                retryLater(); // the leader moved, stepped down or is unreachable
            } else {
                fail(status);
            }
        }

        private void retryLater() {
            executor.schedule(this::run, retryDelayMs, TimeUnit.MILLISECONDS);
        }

        private void fail(Status status) {
            result.completeExceptionally(status.asRuntimeException());
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }

    /** The gRPC status for a failure of a request on this node. */
    public static StatusRuntimeException toStatusException(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof StatusRuntimeException status) {
            return status;
        }
        if (cause instanceof ProposalException proposal) {
            return Status.UNAVAILABLE.withDescription(proposal.getMessage()).asRuntimeException();
        }
        return Status.INTERNAL.withDescription("internal error: " + cause).asRuntimeException();
    }
}
