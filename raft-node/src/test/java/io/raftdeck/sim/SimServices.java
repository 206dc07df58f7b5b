package io.raftdeck.sim;

import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.statemachine.ApplyResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The client services of a simulated cluster and the links to them: what a client calls. Each
 * run of each node gets its own {@link SimClientService} (a restarted node numbers requests
 * without a session under a new client id, as a restarted process draws one), and every call
 * travels over {@link SimLinks}. Its scheduler must run before each tick of the cluster.
 */
final class SimServices {

    final SimCluster cluster;
    final SimScheduler scheduler;
    final SimLinks links;
    private final Map<Long, SimClientService> byRun = new HashMap<>();
    private final Random identityRandom;

    SimServices(SimCluster cluster, SimScheduler scheduler, SimLinks.Faults faults,
                SimLinks.Totals totals) {
        this.cluster = cluster;
        this.scheduler = scheduler;
        this.links = new SimLinks(cluster, scheduler, faults, totals);
        this.identityRandom = new Random(cluster.seed ^ 0x1DE47L);
    }

    /** The service of node {@code id}'s current run; the node is up. */
    SimClientService at(int id) {
        int incarnation = cluster.node(id).restarts;
        return byRun.computeIfAbsent(id * 1_000_000L + incarnation, run ->
                new SimClientService(this, id, incarnation, identityRandom.nextLong() | 1));
    }

    /** A client's write to node {@code target}, waiting at most {@code timeoutTicks}. */
    CompletableFuture<ApplyResult> write(int target, byte[] command, SessionRef session,
                                         long timeoutTicks) {
        return links.call(target, timeoutTicks, (remaining, callerGone) -> at(target).write(
                command, session, Optional.empty(), false, remaining, callerGone));
    }

    /**
     * Runs {@code action} with the call's outcome on the scheduler's next turn: a client's
     * check that fails there fails the run (inside a future's completion it would vanish).
     */
    <T> void whenDone(CompletableFuture<T> call, BiConsumer<T, Throwable> action) {
        call.whenComplete((value, error) -> scheduler.at(cluster.now,
                () -> action.accept(value, error)));
    }

    /** A client's linearizable read of {@code key} at node {@code target}. */
    CompletableFuture<ApplyResult> read(int target, String key, long timeoutTicks) {
        return links.call(target, timeoutTicks, (remaining, callerGone) -> at(target).read(key,
                false, remaining, callerGone));
    }
}
