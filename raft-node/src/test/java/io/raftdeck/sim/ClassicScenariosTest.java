package io.raftdeck.sim;

import static io.raftdeck.sim.Scenarios.commands;
import static io.raftdeck.sim.Scenarios.everyNodeApplied;
import static io.raftdeck.sim.Scenarios.everyUpNodeFollows;
import static io.raftdeck.sim.Scenarios.logOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.core.ProposeResult;
import io.raftdeck.core.RaftCore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Classic Raft situations that a transcript cannot tell well, driven in simulated ticks with a
 * deadline on every wait: properties over many seeds or many commands on an unreliable network.
 * The scenarios a learner follows step by step (the first election, Figure 8 both ways, a
 * partitioned leader, divergent logs, pre-vote, leadership transfer) are scripts in
 * {@code src/test/testdata}, run by {@link TranscriptTest}. SafetyChecker runs after every
 * tick, so any scenario that breaks a Raft safety property fails with a SafetyViolation even
 * where the test asserts nothing about it.
 */
class ClassicScenariosTest {

    private static final int NODES = 5;
    /** Election timeouts are 15..30 ticks; this leaves room for several split votes. */
    private static final int ELECTION_DEADLINE_TICKS = 300;
    private static final int COMMIT_DEADLINE_TICKS = 500;

    @Test
    void proposalWithoutAMajorityIsNeverAppliedAndCommitsOnceAMajorityReturns() {
        // Proves a leader that reaches only 1 of 4 followers never commits; when the other 3
        // return (here crashed and restarted, so they cannot elect a rival) it commits.
        SimCluster cluster = electedCluster(12);
        int leader = cluster.leader();
        long term = cluster.node(leader).core.term();
        List<Integer> cutOff = cluster.upNodes().stream().filter(id -> id != leader).skip(1)
                .toList();
        cutOff.forEach(cluster::crash);

        ProposeResult proposal = cluster.propose(leader, "lonely");
        assertTrue(proposal.accepted());
        cluster.runTicks(COMMIT_DEADLINE_TICKS);
        for (int id : cluster.upNodes()) {
            assertFalse(cluster.applied(id, "lonely"), "node " + id + " applied without quorum");
        }
        RaftCore leaderCore = cluster.node(leader).core;
        assertTrue(leaderCore.status().commitIndex() < proposal.index());
        assertTrue(leaderCore.status().peers().stream()
                .anyMatch(peer -> peer.matchIndex() >= proposal.index()), "partner has it");

        cutOff.forEach(cluster::restart);

        assertTrue(cluster.runUntil(() -> everyNodeApplied(cluster, "lonely"),
                COMMIT_DEADLINE_TICKS), cluster.describe());
        assertEquals(term, cluster.node(leader).core.term(), "the same leader committed it");
        assertEquals(proposal.term(), logOf(cluster, leader).get((int) proposal.index() - 1)
                .term());
    }

    @Test
    void hundredCommandsAreAppliedInOneOrderOnEveryNodeOverAnUnreliableNetwork() {
        // Proves agreement despite dropped, duplicated, delayed and reordered messages: every
        // node applies all 100 commands, each once, in the order they were committed.
        for (long seed = 21; seed <= 23; seed++) {
            SimCluster cluster = new SimCluster(NODES, seed, SimNetwork.Faults.UNRELIABLE);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String command = "cmd-" + i;
                submitUntilCommitted(cluster, command);
                expected.add(command);
            }

            assertTrue(cluster.runUntil(() -> everyNodeApplied(cluster, "cmd-99"),
                    COMMIT_DEADLINE_TICKS), cluster.describe());
            List<Entry> reference = cluster.node(1).applied;
            for (int id = 1; id <= NODES; id++) {
                List<Entry> applied = cluster.node(id).applied;
                assertEquals(expected, commands(applied), "node " + id);
                // A later leader's no-op may have reached some nodes but not others yet.
                int common = Math.min(reference.size(), applied.size());
                assertEquals(reference.subList(0, common), applied.subList(0, common),
                        "node " + id);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A fault-free cluster with an agreed leader. */
    private static SimCluster electedCluster(long seed) {
        SimCluster cluster = new SimCluster(NODES, seed, SimNetwork.Faults.NONE);
        assertTrue(cluster.runUntil(() -> everyUpNodeFollows(cluster, cluster.leader()),
                ELECTION_DEADLINE_TICKS), cluster.describe());
        return cluster;
    }

    // ---------------------------------------------------------------- clients

    /**
     * A careful client: proposes at the current leader, and proposes again only when that
     * leader's log holds no copy of the command (a copy it holds may still commit, and a second
     * proposal could then commit too). Returns once the leader applied it.
     */
    private static void submitUntilCommitted(SimCluster cluster, String command) {
        boolean committed = cluster.runUntil(() -> {
            int leader = cluster.leader();
            if (leader == 0) {
                return false;
            }
            if (cluster.applied(leader, command)) {
                return true;
            }
            if (!commands(logOf(cluster, leader)).contains(command)) {
                cluster.propose(leader, command);
            }
            return false;
        }, COMMIT_DEADLINE_TICKS);
        assertTrue(committed, command + " not committed\n" + cluster.describe());
    }
}
