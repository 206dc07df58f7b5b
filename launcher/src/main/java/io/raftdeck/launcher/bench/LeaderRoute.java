package io.raftdeck.launcher.bench;

import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the clients send their requests: the node they believe leads, so no request pays for
 * a follower's forwarding hop. Learned from the nodes' status; moved when an answer names
 * another node as leader (the node we asked had forwarded the request there: a redirect);
 * dropped when a request to it fails, which starts one rediscovery, shared by every client
 * that waits: the status of every node, again every {@link #REDISCOVER_EVERY_MS} ms until one
 * of them leads.
 *
 * <p>Every address handed out is an instance from the member map, so the compare-and-set on
 * the current leader can compare by identity.
 */
final class LeaderRoute implements AutoCloseable {

    /** Between status rounds while no node leads: an election takes 150 ms or more. */
    static final long REDISCOVER_EVERY_MS = 5;

    private final SortedMap<Integer, NodeAddress> members;
    private final StatusPoller poller;
    private final ClientChannels channels;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<NodeAddress> leader = new AtomicReference<>();
    /** Guarded by this. */
    private final List<Runnable> waiting = new ArrayList<>();
    /** Guarded by this. */
    private boolean discovering;
    private volatile boolean closed;

    LeaderRoute(SortedMap<Integer, NodeAddress> members, StatusPoller poller,
            ClientChannels channels, ScheduledExecutorService scheduler) {
        this.members = new TreeMap<>(members);
        this.poller = poller;
        this.channels = channels;
        this.scheduler = scheduler;
    }

    /** The node believed to lead, or null while none is known. */
    NodeAddress leader() {
        return leader.get();
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * {@code answeredBy} answered, naming node {@code leaderId} as the leader that committed or
     * served the request: when that is another node, send there from now on.
     */
    void redirect(NodeAddress answeredBy, int leaderId) {
        NodeAddress named = members.get(leaderId);
        if (named != null && named != answeredBy) {
            leader.compareAndSet(answeredBy, named);
        }
    }

    /** A request to {@code failed} went wrong: no more requests there until the nodes say. */
    void lost(NodeAddress failed) {
        leader.compareAndSet(failed, null);
    }

    /**
     * Runs {@code action} on the scheduler once a leader is known (soon, if one is known now),
     * or once the route closes. Never on the caller's thread, so a burst of failures cannot
     * recurse through a client's callbacks.
     */
    void whenKnown(Runnable action) {
        boolean runNow;
        synchronized (this) {
            runNow = closed || leader.get() != null;
            if (!runNow) {
                waiting.add(action);
                if (!discovering) {
                    discovering = true;
                    discover();
                }
            }
        }
        if (runNow) {
            execute(action);
        }
    }

    private void discover() {
        poller.poll(members.values()).whenComplete((answers, error) ->
                found(answers == null ? Map.of() : answers));
    }

    private void found(Map<NodeAddress, NodeStatus> answers) {
        Optional<NodeAddress> elected = StatusPoller.leader(answers).map(Map.Entry::getKey);
        List<Runnable> ready;
        synchronized (this) {
            if (closed) {
                return; // close ran the waiting actions already
            }
            if (elected.isEmpty()) {
                try {
                    scheduler.schedule(this::discover, REDISCOVER_EVERY_MS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException shutDown) {
                    discovering = false;
                }
                return;
            }
            channels.reconnectNow(elected.get());
            leader.set(elected.get());
            discovering = false;
            ready = List.copyOf(waiting);
            waiting.clear();
        }
        ready.forEach(this::execute);
    }

    private void execute(Runnable action) {
        try {
            scheduler.execute(action);
        } catch (RejectedExecutionException shutDown) {
            action.run(); // the run is over; the action only notices that and ends
        }
    }

    /** Stops rediscovery and runs every waiting action, which then sees the run is over. */
    @Override
    public void close() {
        List<Runnable> ready;
        synchronized (this) {
            closed = true;
            ready = List.copyOf(waiting);
            waiting.clear();
        }
        ready.forEach(this::execute);
    }
}
