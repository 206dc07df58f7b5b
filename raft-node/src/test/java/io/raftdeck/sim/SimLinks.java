package io.raftdeck.sim;

import io.grpc.Status;
import io.raftdeck.service.WriteOutcome;
import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The connections a request travels over in the simulator: from a client to the node it
 * asks, and from that node to the leader it forwards to. Calls, not messages: a call to a
 * node that is down is refused (nothing was sent); on the way it may take a few ticks each
 * way, lose the request (the connection resets, or the call hangs until its deadline) or lose
 * the answer after the node took the request (the case the leader's retry cache exists for);
 * a node that crashes while it holds the call resets it. Failures come as the gRPC statuses a
 * real channel gives, so the router and the clients read them as they read real ones. Its own
 * random stream, so a link fault never shifts the cluster's.
 */
final class SimLinks {

    /**
     * What can go wrong on a call.
     *
     * @param lostAnswerSaysNotProposed a broken link for the test that the checks catch it: a
     *                                  lost answer comes marked "not proposed", a lie
     */
    record Faults(double lostRequestChance, double lostAnswerChance, int maxHopTicks,
                  boolean lostAnswerSaysNotProposed) {
        static final Faults NONE = new Faults(0, 0, 1, false);
    }

    /** What runs at the called node. */
    interface Handler<T> {
        /**
         * @param remainingNanos the caller's time left when the call arrived
         * @param callerGone     whether the caller stopped waiting (its deadline passed, it
         *                       cancelled, the connection broke), as gRPC's cancelled context
         */
        CompletableFuture<T> handle(long remainingNanos, BooleanSupplier callerGone);
    }

    /** Counters over every call. */
    static final class Totals {
        long calls;
        long refused;
        long lostRequests;
        long lostAnswers;
        long brokenByCrash;
        long timedOut;
    }

    private final SimCluster cluster;
    private final SimScheduler scheduler;
    private final java.util.Random random;
    private final Totals totals;
    private Faults faults;

    SimLinks(SimCluster cluster, SimScheduler scheduler, Faults faults, Totals totals) {
        this.cluster = cluster;
        this.scheduler = scheduler;
        this.random = new java.util.Random(cluster.seed ^ 0x11C0FFEEL);
        this.faults = faults;
        this.totals = totals;
    }

    void setFaults(Faults faults) {
        this.faults = faults;
    }

    /**
     * Calls node {@code target}: after a hop, {@code handler} runs there, and its answer hops
     * back. The result fails as gRPC would:
     * UNAVAILABLE "Connection refused" when the node is down, UNAVAILABLE on a reset (lost
     * request or answer, the node crashed), DEADLINE_EXCEEDED after {@code timeoutTicks}.
     */
    <T> CompletableFuture<T> call(int target, long timeoutTicks,
                                  Handler<T> handler) {
        CompletableFuture<T> result = new CompletableFuture<>();
        totals.calls++;
        SimNode node = cluster.node(target);
        if (!node.isUp()) {
            totals.refused++;
            scheduler.at(cluster.now, () -> result.completeExceptionally(Status.UNAVAILABLE
                    .withDescription("io exception").withCause(new ConnectException(
                            "Connection refused: node " + target)).asRuntimeException()));
            return result;
        }
        int incarnation = node.restarts;
        long deadlineTick = cluster.now + timeoutTicks;
        scheduler.at(deadlineTick, () -> {
            if (!result.isDone()) { // an exception costs its stack trace: only when it is used
                totals.timedOut++;
                result.completeExceptionally(Status.DEADLINE_EXCEEDED.withDescription(
                        "deadline exceeded after " + timeoutTicks + " ticks").asRuntimeException());
            }
        });
        watch(target, incarnation, result);
        scheduler.at(cluster.now + hop(), () -> arrive(target, incarnation, deadlineTick,
                handler, result));
        return result;
    }

    private <T> void arrive(int target, int incarnation, long deadlineTick,
                            Handler<T> handler,
                            CompletableFuture<T> result) {
        if (result.isDone() || !alive(target, incarnation)) {
            return; // the caller stopped waiting, or the watch reports the crash
        }
        if (random.nextDouble() < faults.lostRequestChance()) {
            totals.lostRequests++;
            if (random.nextBoolean()) {
                scheduler.at(cluster.now + hop(), () -> reset(result, "lost request"));
            } // else it hangs until the caller's deadline, as on a black-holed connection
            return;
        }
        long remainingNanos = (deadlineTick - cluster.now) * SimClientService.TICK_NANOS;
        handler.handle(remainingNanos, result::isDone).whenComplete((value, error) ->
                // Answered inside the node's turn: leave on the next one, if the node still runs
                // (a crash fails its waiting callers, but the dead node sends nothing).
                scheduler.at(cluster.now, () -> depart(target, incarnation, value, error,
                        result)));
    }

    private <T> void depart(int target, int incarnation, T value, Throwable error,
                            CompletableFuture<T> result) {
        if (!alive(target, incarnation)) {
            return; // the watch reports the crash
        }
        if (random.nextDouble() < faults.lostAnswerChance()) {
            totals.lostAnswers++;
            if (faults.lostAnswerSaysNotProposed()) {
                scheduler.at(cluster.now + hop(), () -> result.completeExceptionally(
                        Status.UNAVAILABLE.withDescription("answer lost")
                                .asRuntimeException(WriteOutcome.notProposed())));
            } else {
                scheduler.at(cluster.now + hop(), () -> reset(result, "answer lost"));
            }
            return;
        }
        scheduler.at(cluster.now + hop(), () -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        });
    }

    /** Resets the call once the node it is on crashed: its process took the connection. */
    private <T> void watch(int target, int incarnation, CompletableFuture<T> result) {
        scheduler.at(cluster.now + 1, () -> {
            if (result.isDone()) {
                return;
            }
            if (alive(target, incarnation)) {
                watch(target, incarnation, result);
            } else if (result.completeExceptionally(Status.UNAVAILABLE.withDescription(
                    "connection reset: node " + target + " crashed").asRuntimeException())) {
                totals.brokenByCrash++;
            }
        });
    }

    private static <T> void reset(CompletableFuture<T> result, String why) {
        result.completeExceptionally(Status.UNAVAILABLE.withDescription("connection reset ("
                + why + ")").asRuntimeException());
    }

    boolean alive(int node, int incarnation) {
        SimNode simNode = cluster.node(node);
        return simNode.isUp() && simNode.restarts == incarnation;
    }

    private int hop() {
        return 1 + random.nextInt(faults.maxHopTicks());
    }
}
