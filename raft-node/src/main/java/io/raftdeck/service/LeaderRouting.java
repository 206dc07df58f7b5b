package io.raftdeck.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.node.ProposalException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A node's way of getting a write (or linearizable read) to the leader, free of gRPC's
 * runtime: run here when this node leads, forwarded to the leader it knows otherwise, and
 * tried again, here or wherever the leader is by then, until the caller's deadline (at most
 * {@code commitTimeoutMs}): nothing waits forever. Deterministic over its seams (the node,
 * its time, a forwarder per request), so the simulator runs this very code in virtual time;
 * {@link LeaderRouter} is its gRPC adapter. One request's decisions are a
 * {@link RouteToLeader}.
 *
 * <p>A write carries the same request identity on every attempt (see
 * {@code RequestIdentities}), and the leader's retry cache answers a repeat from the entry or
 * result of an earlier attempt, so trying again never puts a request in the log twice. What
 * the caller hears is honest about what it cannot know ({@link WriteOutcome}). A write that
 * may be in some leader's log when the attempts end says "outcome unknown": its entry may
 * still commit. One that certainly reached no log says why it was not taken — while no leader
 * is known for {@code noLeaderWaitMs} that is {@link #NO_LEADER} at once, so the client may
 * try again elsewhere — and is marked as not proposed, which tells a forwarding node the same.
 * Failures come out as {@link StatusRuntimeException}s, gRPC's plain value type, ready to
 * hand to a gRPC caller.
 */
public final class LeaderRouting {

    /** How long before the caller's deadline a request gives up, at most. */
    static final long ANSWER_MARGIN_MS = 100;

    /** What a client hears when no node leads; the seed facade matches on it. */
    public static final String NO_LEADER = "no leader available (election in progress)";

    /** The caller's remaining time when it set no deadline. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /**
     * @param commitTimeoutMs the longest a request is routed, whatever the caller's deadline
     * @param noLeaderWaitMs  how long a write that is in no log waits for a leader to be known
     * @param retryDelayMs    the pause before the next attempt, and between looks at the leader
     *                        while a forward is out
     */
    public record Timeouts(long commitTimeoutMs, long noLeaderWaitMs, long retryDelayMs) {
    }

    final RoutingNode node;
    final RoutingTime time;
    final Timeouts timeouts;

    public LeaderRouting(RoutingNode node, RoutingTime time, Timeouts timeouts) {
        this.node = node;
        this.time = time;
        this.timeouts = timeouts;
    }

    /**
     * Routes one request, which for a write carries a request identity on every attempt.
     *
     * @param local                runs the request on this node, which leads (the node's
     *                             propose or read entry point)
     * @param forwarder            sends it to the leader
     * @param write                a write (honest about its outcome) or a linearizable read
     * @param forwarded            another node forwarded it here: if this node does not lead,
     *                             it fails at once instead of bouncing
     * @param callerRemainingNanos the caller's time left, or {@link #NO_DEADLINE}
     * @param callerGone           whether the caller went away, so nobody waits for an answer
     */
    public <T> CompletableFuture<T> route(Supplier<CompletableFuture<T>> local,
            Forwarder<T> forwarder, boolean write, boolean forwarded, long callerRemainingNanos,
            BooleanSupplier callerGone) {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeouts.commitTimeoutMs());
        if (callerRemainingNanos != NO_DEADLINE) {
            // Give up a little before the caller does, so it hears this node's answer (why,
            // and whether the write may still commit) rather than its own bare deadline.
            timeoutNanos = Math.min(timeoutNanos, callerRemainingNanos - Math.min(
                    TimeUnit.MILLISECONDS.toNanos(ANSWER_MARGIN_MS), callerRemainingNanos / 10));
        }
        RouteToLeader<T> route = new RouteToLeader<>(this, local, forwarder, write, forwarded,
                callerGone, time.nanoTime() + timeoutNanos,
                TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        route.run();
        return route.result;
    }

    static Throwable unwrap(Throwable error) {
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
