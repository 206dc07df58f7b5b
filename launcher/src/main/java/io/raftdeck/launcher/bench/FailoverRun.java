package io.raftdeck.launcher.bench;

import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.localcluster.LocalCluster;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.NodeStatus;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The failover benchmark: one client writes all the time; each round waits for a steady
 * cluster, kills the leader, measures the time from the kill to a new leader seen (the
 * survivors' status, polled every {@link #POLL_MS} ms) and to the first put that was sent
 * after the kill and succeeded, then restarts the killed node on its data dir and waits until
 * it has applied everything the leader had committed.
 */
final class FailoverRun implements ClosedLoopClient.Outcomes {

    /** How often the survivors are asked whether one of them leads. */
    static final long POLL_MS = 5;
    /** Bound of every wait in a round: a new leader, a put, a steady cluster, a catch-up. */
    static final long STEP_TIMEOUT_MS = 30_000;
    private static final long STATUS_TIMEOUT_MS = 500;
    private static final long STEADY_POLL_MS = 20;

    private final LocalCluster cluster;
    private final BenchSettings writer;
    private final int rounds;
    private final ClientChannels channels;
    private final StatusPoller poller;
    private final ScheduledExecutorService scheduler;
    private final PrintWriter out;
    private final SortedMap<Integer, NodeAddress> members;
    private final ErrorTally errors = new ErrorTally();
    /** When the leader was killed; puts sent from then on count for {@link #firstPut}. */
    private volatile long killNanos;
    /** Completed by the first put after the kill; null between a round's put and the next kill. */
    private volatile CompletableFuture<Long> firstPut;
    private final AtomicLong successes = new AtomicLong();
    private volatile boolean stopping;
    private volatile String refusal;

    FailoverRun(LocalCluster cluster, BenchSettings writer, int rounds, ClientChannels channels,
            StatusPoller poller, ScheduledExecutorService scheduler, PrintWriter out) {
        this.cluster = cluster;
        this.writer = writer;
        this.rounds = rounds;
        this.channels = channels;
        this.poller = poller;
        this.scheduler = scheduler;
        this.out = out;
        this.members = new TreeMap<>(cluster.members());
    }

    /** Runs every round; fails the run when a step does not finish within its bound. */
    List<FailoverRound> run() throws Exception {
        List<FailoverRound> done = new ArrayList<>();
        LeaderRoute route = new LeaderRoute(members, poller, channels, scheduler);
        ClosedLoopClient client = new ClosedLoopClient(0, new Workload(writer, 0), route,
                channels, writer.requestTimeoutMs(), new SecureRandom().nextLong(), this,
                () -> stopping);
        try {
            LoadRun.awaitLeader(route, STEP_TIMEOUT_MS);
            client.start();
            for (int round = 1; round <= rounds; round++) {
                done.add(round(round));
                out.println(done.get(done.size() - 1).describe(rounds));
                out.flush();
            }
            return done;
        } finally {
            stopping = true;
            route.close();
            try {
                client.finished().get(writer.requestTimeoutMs() + 2_000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Closing the channels ends whatever is left.
            }
        }
    }

    SortedMap<String, Long> errors() {
        return errors.byKind();
    }

    private FailoverRound round(int round) throws Exception {
        NodeStatus leader = awaitSteady();
        int killed = leader.getId();
        CompletableFuture<Long> put = new CompletableFuture<>();
        long kill = System.nanoTime();
        killNanos = kill;
        firstPut = put; // after killNanos: whoever sees the future sees this kill's time
        cluster.kill(killed);
        List<NodeAddress> survivors = members.entrySet().stream()
                .filter(member -> member.getKey() != killed).map(Map.Entry::getValue).toList();
        long deadline = kill + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MS);
        NodeStatus successor = null;
        long seenNanos = 0;
        while (successor == null) {
            long pollStart = System.nanoTime();
            if (pollStart - deadline > 0) {
                throw new CommandFailure(ExitCodes.NO_LEADER, "round " + round + ": no new "
                        + "leader within " + STEP_TIMEOUT_MS + " ms of killing node " + killed);
            }
            Optional<NodeStatus> newer = StatusPoller.leader(pollAll(survivors))
                    .map(Map.Entry::getValue)
                    .filter(status -> status.getTerm() > leader.getTerm());
            if (newer.isPresent()) {
                successor = newer.get();
                seenNanos = System.nanoTime();
            } else {
                LockSupport.parkNanos(pollStart + TimeUnit.MILLISECONDS.toNanos(POLL_MS)
                        - System.nanoTime());
            }
        }
        long putNanos;
        try {
            putNanos = put.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException refused) {
            throw refusedFailure();
        } catch (TimeoutException e) {
            throw new CommandFailure(ExitCodes.NO_LEADER, "round " + round + ": no put "
                    + "succeeded within " + STEP_TIMEOUT_MS + " ms of killing node " + killed);
        }
        firstPut = null;
        long restartNanos = System.nanoTime();
        cluster.restart(killed);
        awaitCaughtUp(killed, round);
        return new FailoverRound(round, killed, leader.getTerm(), successor.getId(),
                successor.getTerm(), millis(seenNanos - kill), millis(putNanos - kill),
                millis(System.nanoTime() - restartNanos));
    }

    /**
     * Waits until every node answers, one leads and every other follows it, and a put sent
     * after that succeeded: the state a round starts from. Returns the leader's status.
     */
    private NodeStatus awaitSteady() throws InterruptedException {
        long since = successes.get();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MS);
        while (System.nanoTime() - deadline < 0) {
            if (refusal != null) {
                throw refusedFailure();
            }
            Map<NodeAddress, NodeStatus> answers = pollAll(members.values());
            Optional<NodeStatus> leader = StatusPoller.leader(answers).map(Map.Entry::getValue);
            if (answers.size() == members.size() && leader.isPresent()
                    && answers.values().stream().allMatch(status ->
                            status.getLeaderId() == leader.get().getId())
                    && successes.get() > since) {
                return leader.get();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(STEADY_POLL_MS));
        }
        throw new CommandFailure(ExitCodes.NO_LEADER, "the cluster did not settle (every node "
                + "answering and following one leader, puts succeeding) within "
                + STEP_TIMEOUT_MS + " ms");
    }

    /** Waits until node {@code id} has applied what the leader had committed when it came back. */
    private void awaitCaughtUp(int id, int round) throws InterruptedException {
        NodeAddress node = members.get(id);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MS);
        long target = -1;
        while (System.nanoTime() - deadline < 0) {
            Map<NodeAddress, NodeStatus> answers = pollAll(members.values());
            Optional<NodeStatus> leader = StatusPoller.leader(answers).map(Map.Entry::getValue);
            if (target < 0 && leader.isPresent()) {
                target = leader.get().getCommitIndex();
            }
            NodeStatus back = answers.get(node);
            if (target >= 0 && back != null && back.getLastApplied() >= target) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(STEADY_POLL_MS));
        }
        throw new CommandFailure(ExitCodes.TIMEOUT, "round " + round + ": node " + id
                + " did not catch up with the leader within " + STEP_TIMEOUT_MS + " ms of its "
                + "restart");
    }

    /** One status round; channels to nodes that were down reconnect at once. */
    private Map<NodeAddress, NodeStatus> pollAll(Collection<NodeAddress> nodes)
            throws InterruptedException {
        nodes.forEach(channels::reconnectNow);
        try {
            return poller.poll(nodes).get(STATUS_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Map.of();
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public void succeeded(long invokeNanos, long completeNanos) {
        successes.incrementAndGet();
        CompletableFuture<Long> waiting = firstPut;
        if (waiting != null && invokeNanos - killNanos >= 0) {
            waiting.complete(completeNanos);
        }
    }

    @Override
    public void failed(String kind, long invokeNanos, long completeNanos) {
        errors.add(kind);
    }

    @Override
    public void refused(String kind) {
        refusal = kind;
        stopping = true;
        CompletableFuture<Long> waiting = firstPut;
        if (waiting != null) {
            waiting.completeExceptionally(new IllegalStateException(kind));
        }
    }

    private CommandFailure refusedFailure() {
        return new CommandFailure(ExitCodes.INTERNAL,
                "the cluster refused a put, so the run stopped: " + refusal);
    }
}
