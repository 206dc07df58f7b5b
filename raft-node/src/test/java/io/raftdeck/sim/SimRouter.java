package io.raftdeck.sim;

import io.raftdeck.core.Role;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.StampedCommand;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The simulated model of a node's router ({@code LeaderRouter}) taking one client request: on
 * the node that received it, it proposes there when that node leads and forwards to the
 * leader it knows otherwise, a hop of a few ticks each way, and tries again with the same
 * request identity after any failure until the request's deadline. A forward's answer may be
 * lost on its way back (a connection reset just after the leader answered), which is the case
 * the leader's retry cache exists for. The router dies with its node: a crashed receiver
 * leaves its client without an answer.
 */
final class SimRouter {

    /** How one request ended for its client. */
    sealed interface Outcome {
        /** Answered: applied, with this result. */
        record Applied(ApplyResult result) implements Outcome {
        }

        /** No answer: the deadline passed or the receiving node crashed; it may have applied. */
        record Unknown() implements Outcome {
        }
    }

    /** Counters over every request of a run. */
    static final class Totals {
        long attempts;
        long lostAnswers;
    }

    private static final int MAX_HOP_TICKS = 3;

    private final SimCluster cluster;
    private final SimScheduler scheduler;
    private final StampedCommand request;
    private final int receiver;
    private final int receiverIncarnation;
    private final long deadline;
    private final double lostAnswerChance;
    private final Totals totals;
    private final Consumer<Outcome> done;
    private boolean finished;
    /** Attempts of this request that reached a leader's proposals. */
    int attemptsAtALeader;

    private SimRouter(SimCluster cluster, SimScheduler scheduler, StampedCommand request,
            int receiver, long deadline, double lostAnswerChance, Totals totals,
            Consumer<Outcome> done) {
        this.cluster = cluster;
        this.scheduler = scheduler;
        this.request = request;
        this.receiver = receiver;
        this.receiverIncarnation = cluster.node(receiver).restarts;
        this.deadline = deadline;
        this.lostAnswerChance = lostAnswerChance;
        this.totals = totals;
        this.done = done;
    }

    /** Starts routing {@code request}, received by the node {@code receiver}, which is up. */
    static SimRouter start(SimCluster cluster, SimScheduler scheduler, StampedCommand request,
            int receiver, long timeoutTicks, double lostAnswerChance, Totals totals,
            Consumer<Outcome> done) {
        SimRouter router = new SimRouter(cluster, scheduler, request, receiver,
                cluster.now + timeoutTicks, lostAnswerChance, totals, done);
        scheduler.at(router.deadline, () -> router.finish(new Outcome.Unknown()));
        router.step();
        return router;
    }

    private void step() {
        if (finished) {
            return;
        }
        if (!receiverAlive()) {
            finish(new Outcome.Unknown());
            return;
        }
        SimNode node = cluster.node(receiver);
        int leader = node.core.role() == Role.LEADER ? receiver : node.core.leaderId();
        if (leader == 0 || cluster.network.isCut(receiver, leader)) {
            retryLater(); // no leader known, or cut off from it: wait, as the router does
            return;
        }
        boolean remote = leader != receiver;
        scheduler.at(cluster.now + hop(remote), () -> attempt(leader, remote));
    }

    private void attempt(int leader, boolean remote) {
        if (finished) {
            return;
        }
        totals.attempts++;
        attemptsAtALeader++;
        CompletableFuture<ApplyResult> caller = new CompletableFuture<>();
        // Completed inside the cluster's turn: only schedule here, never call the cluster.
        caller.whenComplete((result, error) -> scheduler.at(cluster.now + hop(remote),
                () -> answered(result, error, remote)));
        cluster.propose(leader, request, caller);
    }

    private void answered(ApplyResult result, Throwable error, boolean remote) {
        if (finished) {
            return;
        }
        if (!receiverAlive()) {
            finish(new Outcome.Unknown());
        } else if (error != null) {
            retryLater(); // not the leader, lost, outcome unknown, stopped: the same again
        } else if (remote && cluster.random.nextDouble() < lostAnswerChance) {
            totals.lostAnswers++;
            retryLater();
        } else {
            finish(new Outcome.Applied(result));
        }
    }

    private void retryLater() {
        scheduler.at(cluster.now + 1 + cluster.random.nextInt(2), this::step);
    }

    private void finish(Outcome outcome) {
        if (!finished) {
            finished = true;
            done.accept(outcome);
        }
    }

    private boolean receiverAlive() {
        SimNode node = cluster.node(receiver);
        return node.isUp() && node.restarts == receiverIncarnation;
    }

    private int hop(boolean remote) {
        return remote ? 1 + cluster.random.nextInt(MAX_HOP_TICKS) : 0;
    }
}
