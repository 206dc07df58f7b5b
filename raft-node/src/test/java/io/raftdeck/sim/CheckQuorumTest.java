package io.raftdeck.sim;

import static io.raftdeck.sim.Scenarios.everyUpNodeFollows;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.ProposeResult;
import io.raftdeck.core.RaftConfig;
import io.raftdeck.core.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Check-quorum (Raft thesis §6.2) in the simulator, over many seeds: a leader cut off in a
 * minority steps down within an election timeout. Its counter-example (the bare algorithm's
 * leader keeps leading) and pre-vote's rejoin, with and without pre-vote, are transcripts in
 * {@code src/test/testdata} (partitioned-leader.txt, prevote-rejoin.txt,
 * no-prevote-rejoin.txt).
 */
class CheckQuorumTest {

    private static final int NODES = 5;
    private static final int ELECTION_DEADLINE_TICKS = 300;

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

    private static SimCluster electedCluster(long seed, boolean preVoteAndCheckQuorum) {
        SimCluster cluster = new SimCluster(NODES, seed, SimNetwork.Faults.NONE, 8,
                preVoteAndCheckQuorum);
        assertTrue(cluster.runUntil(() -> everyUpNodeFollows(cluster, cluster.leader()),
                ELECTION_DEADLINE_TICKS), "no agreed leader\n" + cluster.describe());
        return cluster;
    }
}
