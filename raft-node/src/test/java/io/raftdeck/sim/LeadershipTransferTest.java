package io.raftdeck.sim;

import static io.raftdeck.sim.Scenarios.everyNodeApplied;
import static io.raftdeck.sim.Scenarios.everyUpNodeFollows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.RaftConfig;
import io.raftdeck.core.Role;
import io.raftdeck.node.TransferOutcome;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Leadership transfer (Raft thesis §3.10) in the simulator. */
class LeadershipTransferTest {

    private static final int NODES = 5;
    private static final int ELECTION_DEADLINE_TICKS = 300;

    @Test
    void transferHandsOverWithinOneElectionTimeout() {
        // Under normal conditions the target leads within an election timeout of the request,
        // at a higher term, and the cluster keeps committing.
        for (long seed = 1; seed <= 10; seed++) {
            SimCluster cluster = electedCluster(seed);
            int leader = cluster.leader();
            long term = cluster.node(leader).core.term();
            int target = leader % NODES + 1;
            cluster.propose(leader, "before-" + seed);

            CompletableFuture<TransferOutcome> transfer = cluster.transfer(leader, target);
            assertFalse(transfer.isDone(), "started, not answered yet");
            long started = cluster.now;
            assertTrue(cluster.runUntil(() -> cluster.leader() == target
                            && cluster.node(leader).core.role() == Role.FOLLOWER,
                    RaftConfig.DEFAULT_ELECTION_TIMEOUT_MAX_TICKS), cluster.describe());

            assertTrue(cluster.now - started <= RaftConfig.DEFAULT_ELECTION_TIMEOUT_MAX_TICKS);
            assertTrue(cluster.node(target).core.term() > term);
            // The old leader's loop tells its caller who leads now, and in which term, once the
            // new leader's first append reached it.
            assertTrue(cluster.runUntil(transfer::isDone, ELECTION_DEADLINE_TICKS),
                    cluster.describe());
            assertEquals(new TransferOutcome(target, cluster.node(target).core.term()),
                    transfer.getNow(null), cluster.describe());
            String after = "after-" + seed;
            cluster.propose(target, after);
            assertTrue(cluster.runUntil(() -> everyNodeApplied(cluster, after),
                    ELECTION_DEADLINE_TICKS), cluster.describe());
        }
    }

    @Test
    void leaderRefusesProposalsWhileTransferringAndResumesWhenItIsAbandoned() {
        // Proposals are refused during a transfer; a target that cannot be reached makes the
        // leader give up after an election timeout and take proposals again.
        SimCluster cluster = electedCluster(7);
        int leader = cluster.leader();
        int target = leader % NODES + 1;
        cluster.crash(target);

        CompletableFuture<TransferOutcome> transfer = cluster.transfer(leader, target);
        assertFalse(transfer.isDone(), "started, not answered yet");
        assertFalse(cluster.propose(leader, "during").accepted());
        assertTrue(cluster.node(leader).core.status().transferTarget() == target);

        cluster.runTicks(RaftConfig.DEFAULT_ELECTION_TIMEOUT_MAX_TICKS);

        assertEquals(leader, cluster.leader(), "still leading");
        assertEquals(0, cluster.node(leader).core.status().transferTarget(), "abandoned");
        assertTrue(transfer.isCompletedExceptionally(), "the caller hears it was abandoned");
        assertTrue(cluster.propose(leader, "after").accepted());
    }

    private static SimCluster electedCluster(long seed) {
        SimCluster cluster = new SimCluster(NODES, seed, SimNetwork.Faults.NONE, 8, true);
        assertTrue(cluster.runUntil(() -> everyUpNodeFollows(cluster, cluster.leader()),
                ELECTION_DEADLINE_TICKS), "no agreed leader\n" + cluster.describe());
        return cluster;
    }
}
