package io.raftdeck.service;

import io.grpc.Channel;
import io.grpc.Context;
import io.raftdeck.core.events.ClientRequestEvent;
import io.raftdeck.core.events.ClientRequestEvent.Stage;
import io.raftdeck.events.EventHub;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.raftdeck.node.NodeSnapshot;
import io.raftdeck.node.RaftNode;
import io.raftdeck.transport.LinkFilter;
import io.raftdeck.transport.PeerChannels;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC side of {@link LeaderRouting}, which decides a request's way to the leader: this
 * class gives it the call's deadline and cancellation and whether another node forwarded it
 * (from the gRPC {@link Context}, with {@link Forwarding}'s metadata), the peers' channels and
 * the link filter to forward over, the {@link RaftNode}'s status, the service executor and
 * {@code System.nanoTime}. Failures come out as {@link StatusRuntimeException}s ready to hand
 * to gRPC.
 */
public final class LeaderRouter {

    private final PeerChannels channels;
    private final LinkFilter links;
    private final LeaderRouting routing;
    private final EventHub events;

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
        this.channels = channels;
        this.links = links;
        this.events = node.events();
        this.routing = new LeaderRouting(new StatusOf(node), new ExecutorTime(executor),
                new LeaderRouting.Timeouts(commitTimeoutMs, noLeaderWaitMs, retryDelayMs));
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
        Context caller = Context.current();
        Deadline callerDeadline = caller.getDeadline();
        long remainingNanos = callerDeadline == null ? LeaderRouting.NO_DEADLINE
                : callerDeadline.timeRemaining(TimeUnit.NANOSECONDS);
        String operation = write ? "write" : "read";
        report(Stage.RECEIVED, operation, 0, "");
        CompletableFuture<T> answer = routing.route(local::run,
                new ChannelForwarder<>(remote, operation), write, Forwarding.isForwarded(),
                remainingNanos, caller::isCancelled);
        if (events.listening()) {
            answer.whenComplete((value, error) -> report(Stage.ANSWERED, operation, 0,
                    outcome(error)));
        }
        return answer;
    }

    private static String outcome(Throwable error) {
        if (error == null) {
            return "ok";
        }
        io.grpc.Status status = LeaderRouting.toStatusException(error).getStatus();
        return status.getCode() + (status.getDescription() == null ? ""
                : ": " + status.getDescription());
    }

    private void report(Stage stage, String operation, int peer, String outcome) {
        if (events.listening()) {
            events.publishAside(new ClientRequestEvent(stage, operation, peer, outcome));
        }
    }

    /** Forwards over the leader's peer channel, in a call this router can cancel. */
    private final class ChannelForwarder<T> implements Forwarder<T> {
        private final Remote<T> remote;
        private final String operation;

        ChannelForwarder(Remote<T> remote, String operation) {
            this.remote = remote;
            this.operation = operation;
        }

        @Override
        public boolean canAddress(int node) {
            return channels.channel(node).isPresent();
        }

        @Override
        public boolean linkAllows(int node) {
            return links.allows(node);
        }

        @Override
        public CompletableFuture<T> forward(int node, long timeoutMs) {
            // A child of the current context: the first attempt runs on the handler thread,
            // so a caller that cancels cancels the forward too.
            report(Stage.FORWARDED, operation, node, "");
            Context.CancellableContext call = Context.current().withCancellation();
            CompletableFuture<T> answer;
            Context previous = call.attach();
            try {
                answer = remote.call(channels.channel(node).get(), timeoutMs);
            } finally {
                call.detach(previous);
            }
            // Also when the router abandons the call by completing the answer: that cancels it.
            answer.whenComplete((value, error) -> call.close());
            return answer;
        }
    }

    private static final class StatusOf implements RoutingNode {
        private final RaftNode node;

        StatusOf(RaftNode node) {
            this.node = node;
        }

        @Override
        public int id() {
            return node.id();
        }

        @Override
        public View view() {
            NodeSnapshot snapshot = node.snapshot();
            return new View(snapshot.failure(), snapshot.isLeader(), snapshot.raft().leaderId());
        }
    }

    private static final class ExecutorTime implements RoutingTime {
        private final ScheduledExecutorService executor;

        ExecutorTime(ScheduledExecutorService executor) {
            this.executor = executor;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Runnable schedule(long delayNanos, Runnable action) {
            ScheduledFuture<?> scheduled = executor.schedule(action, delayNanos,
                    TimeUnit.NANOSECONDS);
            return () -> scheduled.cancel(false);
        }

        @Override
        public void execute(Runnable action) {
            executor.execute(action);
        }
    }
}
