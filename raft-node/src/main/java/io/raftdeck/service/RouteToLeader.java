package io.raftdeck.service;

import io.grpc.Status;
import io.raftdeck.node.ProposalException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One request's way to the leader (see {@link LeaderRouting}): each step runs on a turn of the
 * router's time, or on the node's loop where a local attempt completes.
 */
final class RouteToLeader<T> {

    final CompletableFuture<T> result = new CompletableFuture<>();
    private final RoutingNode node;
    private final RoutingTime time;
    private final long retryDelayNanos;
    private final long noLeaderWaitNanos;
    private final Supplier<CompletableFuture<T>> local;
    private final Forwarder<T> forwarder;
    private final boolean write;
    private final boolean forwarded;
    /** Once the caller has gone, nobody waits for an answer. */
    private final BooleanSupplier callerGone;
    private final long deadlineNanos;
    private final long timeoutMs;
    private long noLeaderSinceNanos;
    private boolean waitingForLeader;
    /** Whether some attempt of this write may have put it in a leader's log. */
    private boolean mayBeInLog;
    /** Why the latest attempt did not end the request, for the final message. */
    private String lastFailure;

    RouteToLeader(LeaderRouting routing, Supplier<CompletableFuture<T>> local,
                  Forwarder<T> forwarder, boolean write, boolean forwarded,
                  BooleanSupplier callerGone, long deadlineNanos, long timeoutMs) {
        this.node = routing.node;
        this.time = routing.time;
        this.retryDelayNanos = TimeUnit.MILLISECONDS.toNanos(routing.timeouts.retryDelayMs());
        this.noLeaderWaitNanos = TimeUnit.MILLISECONDS.toNanos(
                routing.timeouts.noLeaderWaitMs());
        this.local = local;
        this.forwarder = forwarder;
        this.write = write;
        this.forwarded = forwarded;
        this.callerGone = callerGone;
        this.deadlineNanos = deadlineNanos;
        this.timeoutMs = timeoutMs;
    }

    void run() {
        long now = time.nanoTime();
        if (now - deadlineNanos >= 0) {
            expired();
            return;
        }
        if (callerGone.getAsBoolean()) {
            giveUp(Status.CANCELLED.withDescription("the caller went away"));
            return;
        }
        RoutingNode.View view = node.view();
        int leader = view.leaderId();
        if (view.stopped() != null) {
            giveUp(Status.UNAVAILABLE.withDescription("node " + node.id()
                    + " has stopped: " + view.stopped()));
        } else if (view.leading()) {
            waitingForLeader = false;
            // Completed by the node's loop: answering from there (serialize, hand to the
            // transport) costs less than a hop to another thread and back.
            withDeadline(local.get()).whenComplete(this::localDone);
        } else if (forwarded) {
            giveUp(Status.UNAVAILABLE.withDescription("node " + node.id()
                    + " is not the leader"));
        } else if (leader != 0 && forwarder.canAddress(leader)) {
            waitingForLeader = false;
            if (!forwarder.linkAllows(leader)) {
                lastFailure = "the link to leader " + leader + " is cut";
                retryLater(); // partitioned from the leader: wait, as the network would
                return;
            }
            forward(leader, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - now)));
        } else {
            waitForLeader(now);
        }
    }

    /**
     * Forwards to {@code leader}, and gives up on that call when this node learns of another
     * leader meanwhile: a paused or cut-off leader would otherwise hold the request until its
     * deadline, while the new one can answer it (the identity finds it there).
     */
    private void forward(int leader, long callTimeoutMs) {
        CompletableFuture<T> answer = forwarder.forward(leader, callTimeoutMs);
        watchLeader(leader, answer);
        answer.whenComplete((value, error) -> time.execute(() -> remoteDone(value, error)));
    }

    private void watchLeader(int leader, CompletableFuture<T> answer) {
        time.schedule(retryDelayNanos, () -> {
            if (answer.isDone()) {
                return;
            }
            int known = node.view().leaderId();
            if (known != 0 && known != leader) {
                lastFailure = "leader " + leader + " was replaced by " + known;
                answer.completeExceptionally(Status.CANCELLED
                        .withDescription(lastFailure).asRuntimeException());
            } else {
                watchLeader(leader, answer);
            }
        });
    }

    /**
     * No leader known. A write that certainly reached no log gives up after
     * {@code noLeaderWaitMs}; one that may be in a log waits for the next leader until the
     * deadline, since that leader can tell whether it committed.
     */
    private void waitForLeader(long now) {
        if (!waitingForLeader) {
            waitingForLeader = true;
            noLeaderSinceNanos = now;
        }
        lastFailure = "no leader known";
        if (now - noLeaderSinceNanos >= noLeaderWaitNanos && !mayBeInLog) {
            giveUp(Status.UNAVAILABLE.withDescription(LeaderRouting.NO_LEADER));
        } else {
            retryLater();
        }
    }

    private CompletableFuture<T> withDeadline(CompletableFuture<T> future) {
        Runnable cancelTimer = time.schedule(deadlineNanos - time.nanoTime(),
                () -> future.completeExceptionally(Status.DEADLINE_EXCEEDED.asRuntimeException()));
        future.whenComplete((value, error) -> cancelTimer.run());
        return future;
    }

    private void localDone(T value, Throwable error) {
        if (error == null) {
            result.complete(value);
            return;
        }
        Throwable cause = LeaderRouting.unwrap(error);
        if (!(cause instanceof ProposalException proposal)) {
            if (Status.fromThrowable(cause).getCode() == Status.Code.DEADLINE_EXCEEDED) {
                mayBeInLog = true; // the loop may have taken it just before the deadline
                expired();
            } else {
                result.completeExceptionally(LeaderRouting.toStatusException(cause)); // answer
            }
            return;
        }
        lastFailure = proposal.getMessage();
        switch (proposal.reason()) {
            case NOT_LEADER -> retryLater(); // not appended: ask wherever the leader is now
            case LEADERSHIP_LOST, OUTCOME_UNKNOWN -> {
                // Appended, and maybe still in other logs: the same identity finds it.
                mayBeInLog = true;
                retryLater();
            }
            case OVERLOADED -> giveUp(Status.UNAVAILABLE.withDescription(lastFailure));
            case NO_SPACE -> giveUp(Status.RESOURCE_EXHAUSTED.withDescription(lastFailure));
            case STOPPED -> {
                mayBeInLog = true; // it may have been appended before the node stopped
                giveUp(Status.UNAVAILABLE.withDescription(lastFailure));
            }
        }
    }

    private void remoteDone(T value, Throwable error) {
        if (error == null) {
            result.complete(value);
            return;
        }
        Throwable cause = LeaderRouting.unwrap(error);
        Status status = Status.fromThrowable(cause);
        if (isNoAnswer(status.getCode())) {
            // The leader moved, stepped down, died or is unreachable: unless it says it did
            // not take the request, or the request never left, it may have appended it.
            mayBeInLog |= !WriteOutcome.certainlyNotProposed(cause);
            if (status.getCode() != Status.Code.CANCELLED) { // cancelled: watchLeader said why
                lastFailure = status.getDescription() == null ? status.getCode().toString()
                        : status.getDescription();
            }
            retryLater();
        } else if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            mayBeInLog = true;
            expired();
        } else {
            result.completeExceptionally(status.asRuntimeException()); // the leader's answer
        }
    }

    private void retryLater() {
        time.schedule(retryDelayNanos, this::run);
    }

    /** The deadline passed without an answer. */
    private void expired() {
        giveUp(Status.DEADLINE_EXCEEDED.withDescription("not committed within " + timeoutMs
                + " ms" + (lastFailure == null ? "" : " (last: " + lastFailure + ")")));
    }

    /**
     * Ends the request without an answer: for a write that may be in a log, as "outcome
     * unknown"; otherwise marked as not proposed.
     */
    private void giveUp(Status status) {
        result.completeExceptionally(write && mayBeInLog
                ? WriteOutcome.asUnknown(status).asRuntimeException()
                : status.asRuntimeException(WriteOutcome.notProposed()));
    }

    /**
     * Codes a forwarded call ends with when the leader gave no answer of its own: it moved,
     * stepped down, died, was shut down or cannot be reached. Any other code is its answer.
     */
    private static boolean isNoAnswer(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED
                || code == Status.Code.ABORTED || code == Status.Code.UNKNOWN;
    }
}
