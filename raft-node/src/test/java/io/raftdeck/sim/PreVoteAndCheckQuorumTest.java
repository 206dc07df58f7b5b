package io.raftdeck.sim;

import static io.raftdeck.sim.Scenarios.everyNodeApplied;
import static io.raftdeck.sim.Scenarios.everyUpNodeFollows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.ProposeResult;
import io.raftdeck.core.RaftConfig;
import io.raftdeck.core.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pre-vote (Raft thesis §9.6) and check-quorum (§6.2) in the simulator: a node that was cut off
 * does not disturb the cluster when it returns, and a leader cut off in a minority steps down.
 */
class PreVoteAndCheckQuorumTest {

    private static final int NODES = 5;
    private static final int ELECTION_DEADLINE_TICKS = 300;
    /** Long enough for an isolated node to time out many times over. */
    private static final int ISOLATION_TICKS = 40 * RaftConfig.DEFAULT_ELECTION_TIMEOUT_MAX_TICKS;

    @Test
    void isolatedFollowerRejoiningLeavesLeaderAndTermUnchanged() {
        // Proves pre-vote: a follower that timed out again and again while cut off rejoins
        // without raising the term, so the healthy leader keeps leading.
        for (long seed = 1; seed <= 10; seed++) {
            SimCluster cluster = electedCluster(seed, true);
            int leader = cluster.leader();
            long term = cluster.node(leader).core.term();
            int isolated = leader % NODES + 1;

            cluster.isolate(isolated);
            cluster.runTicks(ISOLATION_TICKS);
            assertEquals(term, cluster.node(isolated).core.term(), "pre-vote kept its term");
            cluster.healAll();
            cluster.propose(leader, "after-heal-" + seed);
            String probe = "after-heal-" + seed;
            assertTrue(cluster.runUntil(() -> everyNodeApplied(cluster, probe),
                    ELECTION_DEADLINE_TICKS), cluster.describe());

            assertEquals(leader, cluster.leader(), "leader unchanged\n" + cluster.describe());
            assertEquals(term, cluster.node(leader).core.term(), "term unchanged");
        }
    }

    @Test
    void withoutPreVoteTheRejoiningNodeDisruptsTheTerm() {
        // The counter-check of the test above: the paper's bare algorithm lets an isolated
        // node's term run away, and healing then forces a new election at a higher term.
        SimCluster cluster = electedCluster(3, false);
        int leader = cluster.leader();
        long term = cluster.node(leader).core.term();
        int isolated = leader % NODES + 1;

        cluster.isolate(isolated);
        cluster.runTicks(ISOLATION_TICKS);
        cluster.healAll();
        cluster.runTicks(ELECTION_DEADLINE_TICKS);

        assertTrue(cluster.node(isolated).core.term() > term + 1, "term ran away while isolated");
        assertTrue(cluster.node(cluster.leader()).core.term() > term, "the cluster was disrupted");
    }

    @Test
    void leaderInMinorityStepsDownWithinAnElectionTimeout() {
        // Proves check-quorum: a leader that cannot hear from a majority stops claiming to lead
        // (and so stops accepting writes) within one election timeout, while the majority
        // elects a new leader.
        for (long seed = 1; seed <= 10; seed++) {
            SimCluster cluster = electedCluster(seed, true);
            int oldLeader = cluster.leader();
            int partner = oldLeader % NODES + 1;

            cluster.partition(Set.of(oldLeader, partner));
            long cutAt = cluster.now;
            assertTrue(cluster.runUntil(
                    () -> cluster.node(oldLeader).core.role() != Role.LEADER,
                    2 * RaftConfig.DEFAULT_ELECTION_TIMEOUT_MAX_TICKS), cluster.describe());
            long steppedDownAfter = cluster.now - cutAt;
            assertTrue(steppedDownAfter <= RaftConfig.DEFAULT_ELECTION_TIMEOUT_MAX_TICKS + 1,
                    "stepped down after " + steppedDownAfter + " ticks");
            ProposeResult refused = cluster.propose(oldLeader, "lost-" + seed);
            assertTrue(!refused.accepted(), "a deposed leader refuses writes");

            assertTrue(cluster.runUntil(() -> {
                int leader = cluster.leader();
                return leader != 0 && leader != oldLeader && leader != partner;
            }, ELECTION_DEADLINE_TICKS), cluster.describe());
            assertNotEquals(oldLeader, cluster.leader());
        }
    }

    @Test
    void withoutCheckQuorumTheMinorityLeaderKeepsLeading() {
        // The counter-check: with the bare algorithm a leader cut off in a minority still
        // believes it leads, which is what check-quorum exists to prevent.
        SimCluster cluster = electedCluster(5, false);
        int oldLeader = cluster.leader();
        cluster.partition(Set.of(oldLeader, oldLeader % NODES + 1));
        cluster.runTicks(4 * RaftConfig.DEFAULT_ELECTION_TIMEOUT_MAX_TICKS);
        assertEquals(Role.LEADER, cluster.node(oldLeader).core.role());
    }

    private static SimCluster electedCluster(long seed, boolean preVoteAndCheckQuorum) {
        SimCluster cluster = new SimCluster(NODES, seed, SimNetwork.Faults.NONE, 8,
                preVoteAndCheckQuorum);
        assertTrue(cluster.runUntil(() -> everyUpNodeFollows(cluster, cluster.leader()),
                ELECTION_DEADLINE_TICKS), "no agreed leader\n" + cluster.describe());
        return cluster;
    }
}
