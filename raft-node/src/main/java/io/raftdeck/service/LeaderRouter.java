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
 * Gets a write (or linearizable read) to the leader: run here when this node leads, forwarded
 * to the leader it knows otherwise, and tried again, here or wherever the leader is by then,
 * until the caller's deadline (at most {@code commitTimeoutMs}): nothing waits forever.
 * Failures come out as {@link StatusRuntimeException}s ready to hand to gRPC.
 *
 * <p>A write carries the same request identity on every attempt (see
 * {@code RequestIdentities}), and the leader's retry cache answers a repeat from the entry or
 * result of an earlier attempt, so trying again never puts a request in the log twice. What
 * the caller hears is honest about what it cannot know ({@link WriteOutcome}). A write that
 * may be in some leader's log when the attempts end says "outcome unknown": its entry may
 * still commit. One that certainly reached no log says why it was not taken — while no leader
 * is known for {@code noLeaderWaitMs} that is {@link #NO_LEADER} at once, so the client may
 * try again elsewhere — and is marked as not proposed, which tells a forwarding node the same.
 */
public final class LeaderRouter {

    /** How long before the caller's deadline a request gives up, at most. */
    static final long ANSWER_MARGIN_MS = 100;

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
     * Routes one write, which must carry a request identity on every attempt. Must be called
     * on the gRPC handler thread: it reads the call's deadline and whether it was forwarded
     * from the current context.
     */
    public <T> CompletableFuture<T> write(Local<T> local, Remote<T> remote) {
        return route(local, remote, true);
    }

    /** Routes one linearizable read; as {@link #write}, without the outcome of a write. */
    public <T> CompletableFuture<T> read(Local<T> local, Remote<T> remote) {
        return route(local, remote, false);
    }

    private <T> CompletableFuture<T> route(Local<T> local, Remote<T> remote, boolean write) {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(commitTimeoutMs);
        Deadline callerDeadline = Context.current().getDeadline();
        if (callerDeadline != null) {
            // Give up a little before the caller does, so it hears this node's answer (why,
            // and whether the write may still commit) rather than its own bare deadline.
            long remainingNanos = callerDeadline.timeRemaining(TimeUnit.NANOSECONDS);
            timeoutNanos = Math.min(timeoutNanos, remainingNanos - Math.min(
                    TimeUnit.MILLISECONDS.toNanos(ANSWER_MARGIN_MS), remainingNanos / 10));
        }
        Attempt<T> attempt = new Attempt<>(local, remote, write, Forwarding.isForwarded(),
                Context.current(), System.nanoTime() + timeoutNanos,
                TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        attempt.run();
        return attempt.result;
    }

    /** One request's way to the leader; each step runs on a service thread. */
    private final class Attempt<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Local<T> local;
        private final Remote<T> remote;
        private final boolean write;
        private final boolean forwarded;
        /** The incoming call's context: once its caller has gone, nobody waits for an answer. */
        private final Context caller;
        private final long deadlineNanos;
        private final long timeoutMs;
        private long noLeaderSinceNanos;
        private boolean waitingForLeader;
        /** Whether some attempt of this write may have put it in a leader's log. */
        private boolean mayBeInLog;
        /** Why the latest attempt did not end the request, for the final message. */
        private String lastFailure;

        Attempt(Local<T> local, Remote<T> remote, boolean write, boolean forwarded,
                Context caller, long deadlineNanos, long timeoutMs) {
            this.local = local;
            this.remote = remote;
            this.write = write;
            this.forwarded = forwarded;
            this.caller = caller;
            this.deadlineNanos = deadlineNanos;
            this.timeoutMs = timeoutMs;
        }

        void run() {
            long now = System.nanoTime();
            if (now - deadlineNanos >= 0) {
                expired();
                return;
            }
            if (caller.isCancelled()) {
                giveUp(Status.CANCELLED.withDescription("the caller went away"));
                return;
            }
            NodeSnapshot snapshot = node.snapshot();
            int leader = snapshot.raft().leaderId();
            if (snapshot.failure() != null) {
                giveUp(Status.UNAVAILABLE.withDescription("node " + node.id()
                        + " has stopped: " + snapshot.failure()));
            } else if (snapshot.isLeader()) {
                waitingForLeader = false;
                // Completed by the node's loop: answering from there (serialize, hand to the
                // transport) costs less than a hop to another thread and back.
                withDeadline(local.run()).whenComplete(this::localDone);
            } else if (forwarded) {
                giveUp(Status.UNAVAILABLE.withDescription("node " + node.id()
                        + " is not the leader"));
            } else if (leader != 0 && channels.channel(leader).isPresent()) {
                waitingForLeader = false;
                if (!links.allows(leader)) {
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
         * Forwards to {@code leader}, and gives up on that call when this node learns of
         * another leader meanwhile: a paused or cut-off leader would otherwise hold the request
         * until its deadline, while the new one can answer it (the identity finds it there).
         */
        private void forward(int leader, long timeoutMs) {
            Context.CancellableContext call = Context.current().withCancellation();
            CompletableFuture<T> answer;
            Context previous = call.attach();
            try {
                answer = remote.call(channels.channel(leader).get(), timeoutMs);
            } finally {
                call.detach(previous);
            }
            answer.whenComplete((value, error) -> call.close());
            watchLeader(leader, call, answer);
            answer.whenCompleteAsync(this::remoteDone, executor);
        }

        private void watchLeader(int leader, Context.CancellableContext call,
                                 CompletableFuture<T> answer) {
            executor.schedule(() -> {
                if (answer.isDone()) {
                    return;
                }
                int known = node.snapshot().raft().leaderId();
                if (known != 0 && known != leader) {
                    lastFailure = "leader " + leader + " was replaced by " + known;
                    call.cancel(null);
                } else {
                    watchLeader(leader, call, answer);
                }
            }, retryDelayMs, TimeUnit.MILLISECONDS);
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
            boolean waitedLongEnough = now - noLeaderSinceNanos
                    >= TimeUnit.MILLISECONDS.toNanos(noLeaderWaitMs);
            if (waitedLongEnough && !mayBeInLog) {
                giveUp(Status.UNAVAILABLE.withDescription(NO_LEADER));
            } else {
                retryLater();
            }
        }

        private CompletableFuture<T> withDeadline(CompletableFuture<T> future) {
            long remainingNanos = deadlineNanos - System.nanoTime();
            ScheduledFuture<?> timer = executor.schedule(() -> future.completeExceptionally(
                    Status.DEADLINE_EXCEEDED.asRuntimeException()),
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
            if (!(cause instanceof ProposalException proposal)) {
                if (Status.fromThrowable(cause).getCode() == Status.Code.DEADLINE_EXCEEDED) {
                    mayBeInLog = true; // the loop may have taken it just before the deadline
                    expired();
                } else {
                    result.completeExceptionally(toStatusException(cause)); // the answer
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
            Throwable cause = unwrap(error);
            Status status = Status.fromThrowable(cause);
            if (isNoAnswer(status.getCode())) {
                // The leader moved, stepped down, died or is unreachable: unless it says it
                // did not take the request, or the request never left, it may have appended it.
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
            executor.schedule(this::run, retryDelayMs, TimeUnit.MILLISECONDS);
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
    }

    /**
     * Codes a forwarded call ends with when the leader gave no answer of its own: it moved,
     * stepped down, died, was shut down or cannot be reached. Any other code is its answer.
     */
    private static boolean isNoAnswer(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED
                || code == Status.Code.ABORTED || code == Status.Code.UNKNOWN;
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
