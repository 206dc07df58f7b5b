package io.raftdeck.sim;

import io.raftdeck.core.RaftConfig;
import io.raftdeck.node.NodeSnapshot;
import io.raftdeck.node.RaftServer;
import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.service.Forwarder;
import io.raftdeck.service.LeaderRouting;
import io.raftdeck.service.RequestIdentities;
import io.raftdeck.service.RoutingNode;
import io.raftdeck.service.RoutingTime;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.RequestOrigin;
import io.raftdeck.statemachine.StampedCommand;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One run of one node's client service in the simulator, as {@code ClientServiceImpl} is on a
 * real node: it stamps every write with its identity ({@link RequestIdentities}: the
 * session's, or one this run of the node numbers, or the one a forwarding node gave it) and
 * routes it with the production {@link LeaderRouting}: proposed to this node's loop when it
 * leads, forwarded over {@link SimLinks} to the leader's service otherwise, retried with the
 * same identity until the deadline. Its time is the simulator's: every retry, timer and
 * deadline is a tick of the {@link SimScheduler}. It dies with its node run: a crashed node's
 * routers never run again, as a dead process's do not.
 */
final class SimClientService {

    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(SimCluster.TICK_MS);
    /** As {@code RaftServer} sets them: two election timeouts without a leader, half a beat. */
    static final LeaderRouting.Timeouts TIMEOUTS = new LeaderRouting.Timeouts(
            RaftServer.COMMIT_TIMEOUT_MS,
            2L * RaftConfig.DEFAULT_ELECTION_TIMEOUT_MAX_TICKS * SimCluster.TICK_MS,
            Math.max(SimCluster.TICK_MS,
                    RaftConfig.DEFAULT_HEARTBEAT_TICKS * SimCluster.TICK_MS / 2));

    private final SimServices services;
    private final SimCluster cluster;
    private final int id;
    private final int incarnation;
    private final RequestIdentities identities;
    private final LeaderRouting routing;

    SimClientService(SimServices services, int id, int incarnation, long identityClientId) {
        this.services = services;
        this.cluster = services.cluster;
        this.id = id;
        this.incarnation = incarnation;
        this.identities = new RequestIdentities(identityClientId);
        this.routing = new LeaderRouting(new LoopView(), new VirtualTime(), TIMEOUTS);
    }

    /**
     * A write as the service takes it: {@code command} with the client's {@code session} (the
     * default instance for none), or a forwarded one with the identity its forwarder gave it.
     */
    CompletableFuture<ApplyResult> write(byte[] command, SessionRef session,
            Optional<ClientRequestId> forwardedIdentity, boolean forwarded,
            long callerRemainingNanos, BooleanSupplier callerGone) {
        StampedCommand request = identities.stamp(command, session, forwardedIdentity);
        return routing.route(() -> {
            CompletableFuture<ApplyResult> caller = new CompletableFuture<>();
            cluster.propose(id, request, caller);
            return caller;
        }, new LinkForwarder<>((leader, timeoutMs) -> services.links.call(leader,
                ticks(timeoutMs), (remaining, forwarderGone) -> services.at(leader).write(
                        command, session, request.origin() == RequestOrigin.RECEIVING_NODE
                                ? Optional.of(request.request()) : Optional.empty(),
                        true, remaining, forwarderGone))), true, forwarded, callerRemainingNanos,
                callerGone);
    }

    /** A linearizable read of {@code key}, through the leader's read index. */
    CompletableFuture<ApplyResult> read(String key, boolean forwarded, long callerRemainingNanos,
                                        BooleanSupplier callerGone) {
        return routing.route(() -> {
            CompletableFuture<ApplyResult> caller = new CompletableFuture<>();
            cluster.readKey(id, key, caller);
            return caller;
        }, new LinkForwarder<>((leader, timeoutMs) -> services.links.call(leader,
                ticks(timeoutMs), (remaining, forwarderGone) -> services.at(leader).read(key,
                        true, remaining, forwarderGone))), false, forwarded, callerRemainingNanos,
                callerGone);
    }

    private boolean alive() {
        return services.links.alive(id, incarnation);
    }

    static long ticks(long ms) {
        return Math.max(1, (ms + SimCluster.TICK_MS - 1) / SimCluster.TICK_MS);
    }

    /** Sends to another node's service: how, given by the request. */
    private interface Send<T> {
        CompletableFuture<T> to(int leader, long timeoutMs);
    }

    private final class LinkForwarder<T> implements Forwarder<T> {
        private final Send<T> send;

        LinkForwarder(Send<T> send) {
            this.send = send;
        }

        @Override
        public boolean canAddress(int node) {
            return cluster.members().contains(node) && node != id;
        }

        @Override
        public boolean linkAllows(int node) {
            return !cluster.network.isCut(id, node);
        }

        @Override
        public CompletableFuture<T> forward(int node, long timeoutMs) {
            return send.to(node, timeoutMs);
        }
    }

    /** Who leads, as this node's loop knows it now. */
    private final class LoopView implements RoutingNode {
        @Override
        public int id() {
            return id;
        }

        @Override
        public View view() {
            if (!alive()) {
                return new View("crashed", false, 0); // its routers no longer run anyway
            }
            NodeSnapshot status = cluster.node(id).loop.status();
            return new View(status.failure(), status.isLeader(), status.raft().leaderId());
        }
    }

    /** Ticks of the simulator; nothing scheduled by a crashed run of the node runs. */
    private final class VirtualTime implements RoutingTime {
        @Override
        public long nanoTime() {
            return cluster.now * TICK_NANOS;
        }

        @Override
        public Runnable schedule(long delayNanos, Runnable action) {
            boolean[] cancelled = new boolean[1];
            long delayTicks = Math.max(0, (delayNanos + TICK_NANOS - 1) / TICK_NANOS);
            services.scheduler.at(cluster.now + delayTicks, () -> {
                if (!cancelled[0] && alive()) {
                    action.run();
                }
            });
            return () -> cancelled[0] = true;
        }
    }
}
