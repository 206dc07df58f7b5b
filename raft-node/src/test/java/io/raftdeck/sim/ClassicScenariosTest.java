package io.raftdeck.sim;

import static io.raftdeck.sim.Scenarios.commands;
import static io.raftdeck.sim.Scenarios.cutAllLinksBetween;
import static io.raftdeck.sim.Scenarios.everyNodeApplied;
import static io.raftdeck.sim.Scenarios.everyNodeAppliedAt;
import static io.raftdeck.sim.Scenarios.everyUpNodeFollows;
import static io.raftdeck.sim.Scenarios.installDisks;
import static io.raftdeck.sim.Scenarios.logOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Message;
import io.raftdeck.core.Message.AppendRequest;
import io.raftdeck.core.ProposeResult;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The classic Raft situations, each driven in simulated ticks with a deadline on every wait.
 * SafetyChecker runs after every tick, so any scenario that breaks a Raft safety property fails
 * with a SafetyViolation even where the test asserts nothing about it.
 */
class ClassicScenariosTest {

    private static final int NODES = 5;
    /** Election timeouts are 15..30 ticks; this leaves room for several split votes. */
    private static final int ELECTION_DEADLINE_TICKS = 300;
    private static final int COMMIT_DEADLINE_TICKS = 500;

    @Test
    void freshClusterElectsOneLeaderThatEveryNodeFollows() {
        // Proves a fresh cluster elects exactly one leader within the deadline, recognised by all.
        for (long seed = 1; seed <= 20; seed++) {
            SimCluster cluster = new SimCluster(NODES, seed, SimNetwork.Faults.NONE);

            assertTrue(cluster.runUntil(() -> everyUpNodeFollows(cluster, cluster.leader()),
                    ELECTION_DEADLINE_TICKS), "no agreed leader\n" + cluster.describe());

            long leaders = cluster.upNodes().stream()
                    .filter(id -> cluster.node(id).core.role() == Role.LEADER).count();
            assertEquals(1, leaders, cluster.describe());
        }
    }

    @Test
    void crashedLeaderIsReplacedByANewLeaderOfAHigherTerm() {
        // Proves the survivors of a leader crash elect another leader, of a higher term, who
        // then commits.
        SimCluster cluster = electedCluster(11);
        int oldLeader = cluster.leader();
        long oldTerm = cluster.node(oldLeader).core.term();

        cluster.crash(oldLeader);

        assertTrue(cluster.runUntil(() -> everyUpNodeFollows(cluster, cluster.leader()),
                ELECTION_DEADLINE_TICKS), cluster.describe());
        int newLeader = cluster.leader();
        assertNotEquals(oldLeader, newLeader);
        assertTrue(cluster.node(newLeader).core.term() > oldTerm, cluster.describe());
        commit(cluster, "after-crash");
    }

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
    void partitionedOldLeaderHasItsUncommittedEntriesOverwrittenOnRejoining() {
        // Proves entries an isolated old leader appended are replaced by the new leader's log.
        SimCluster cluster = electedCluster(13);
        commit(cluster, "before");
        int oldLeader = cluster.leader();
        long oldTerm = cluster.node(oldLeader).core.term();
        cluster.isolate(oldLeader);
        long firstStaleIndex = cluster.propose(oldLeader, "stale-1").index();
        cluster.propose(oldLeader, "stale-2");
        cluster.propose(oldLeader, "stale-3");

        assertTrue(cluster.runUntil(() -> cluster.leader() != oldLeader,
                ELECTION_DEADLINE_TICKS), cluster.describe());
        int newLeader = cluster.leader();
        for (int i = 1; i <= 3; i++) {
            cluster.propose(newLeader, "fresh-" + i);
        }
        assertTrue(cluster.runUntil(() -> cluster.applied(newLeader, "fresh-3"),
                COMMIT_DEADLINE_TICKS), cluster.describe());
        assertEquals(Role.LEADER, cluster.node(oldLeader).core.role(), "still thinks it leads");
        assertTrue(commands(logOf(cluster, oldLeader)).contains("stale-3"));

        cluster.healAll();

        assertTrue(cluster.runUntil(() -> cluster.applied(oldLeader, "fresh-3")
                        && logOf(cluster, oldLeader).equals(logOf(cluster, newLeader)),
                COMMIT_DEADLINE_TICKS), cluster.describe());
        List<Entry> repaired = logOf(cluster, oldLeader);
        assertEquals(Role.FOLLOWER, cluster.node(oldLeader).core.role());
        assertFalse(commands(repaired).stream().anyMatch(command -> command.startsWith("stale")),
                "stale entries still in " + commands(repaired));
        assertTrue(repaired.get((int) firstStaleIndex - 1).term() > oldTerm,
                "the new leader's entry now sits where stale-1 was");
        for (int id = 1; id <= NODES; id++) {
            assertFalse(cluster.applied(id, "stale-1"), "node " + id + " applied a stale entry");
        }
    }

    @Test
    void longDivergentFollowerLogsAreRepairedWithAboutOneRejectionPerConflictingTerm() {
        // Proves fast backtracking: followers diverging over 50 entries and 2 terms each are
        // repaired with a few rejections, not one per entry.
        SimCluster cluster = new SimCluster(NODES, 14, SimNetwork.Faults.NONE);
        List<Entry> leaderLog = new ScenarioLog().run(1, 10).run(4, 30).run(6, 20).entries();
        List<Entry> twoOldTerms = new ScenarioLog().run(1, 10).run(2, 25).run(3, 25).entries();
        List<Entry> forkedLater = new ScenarioLog().run(1, 10).run(4, 30).run(5, 15).entries();
        HardState hardState = new HardState(6, HardState.NO_VOTE, 10);
        installDisks(cluster, Map.of(1, leaderLog, 2, leaderLog, 3, leaderLog,
                4, twoOldTerms, 5, forkedLater), hardState);
        BacktrackingCounter counter = new BacktrackingCounter();
        cluster.interceptSends(counter);

        assertTrue(cluster.runUntil(() -> cluster.leader() != 0
                && logOf(cluster, 4).equals(logOf(cluster, cluster.leader()))
                && logOf(cluster, 5).equals(logOf(cluster, cluster.leader())),
                ELECTION_DEADLINE_TICKS), cluster.describe());

        List<Entry> repaired = logOf(cluster, cluster.leader());
        assertEquals(leaderLog, repaired.subList(0, leaderLog.size()));
        System.out.println("divergent logs repaired by tick " + cluster.now + ": " + counter);
        // Each follower holds 2 conflicting terms: one rejection per term, plus at most one
        // duplicate probe (a heartbeat re-sends an unanswered probe). One per entry would be 50.
        assertTrue(counter.rejectionsBeforeMatch(4) >= 2 && counter.rejectionsBeforeMatch(4) <= 3,
                counter.toString());
        assertTrue(counter.rejectionsBeforeMatch(5) >= 2 && counter.rejectionsBeforeMatch(5) <= 3,
                counter.toString());
    }

    @Test
    void figure8OldTermEntryOnAMajorityIsNotCommittedAndALaterLeaderMayOverwriteIt() {
        // Proves Figure 8 (c)-(d): S1 of term 4+ gets 2@2 onto a majority but must not commit
        // it; S5 may then win and overwrite it with 2@3, and no safety property breaks.
        SimCluster cluster = figure8(15);
        // Figure 8 (c) is the moment 2@2 has reached a majority but S1's own new entry has
        // not: hold back every entry of S1's term on its way out so that moment lasts.
        cluster.interceptSends(message -> message.from() == 1
                ? withoutEntriesOfSendersTerm(message) : message);
        assertTrue(cluster.runUntil(() -> cluster.leader() == 1, ELECTION_DEADLINE_TICKS),
                cluster.describe());
        cluster.restart(2);
        assertTrue(cluster.runUntil(() -> acknowledgedUpTo(cluster, 1, 2) >= 3,
                COMMIT_DEADLINE_TICKS), cluster.describe());
        cluster.runTicks(100);

        for (int id = 1; id <= 4; id++) {
            assertEquals(FIGURE_8_OLD_ENTRY, logOf(cluster, id).get(1), "node " + id);
            assertEquals(id == 1 ? 3 : 2, logOf(cluster, id).size(), "only S1 has its new entry");
        }
        assertTrue(acknowledgedUpTo(cluster, 1, 2) >= 2, "S1 knows 2@2 is on a majority");
        assertEquals(1, cluster.node(1).core.status().commitIndex(), "2@2 must not commit");
        assertNull(cluster.checker.committedAt(2), "no node applied index 2");

        cluster.crash(1);
        cluster.interceptSends(message -> message);
        cutAllLinksBetween(cluster, List.of(2, 3, 4));
        cluster.restart(5);
        assertTrue(cluster.runUntil(() -> cluster.leader() == 5, ELECTION_DEADLINE_TICKS),
                "S5 (last term 3) can collect S2, S3 and S4's votes\n" + cluster.describe());
        cluster.healAll();
        cluster.restart(1);

        assertTrue(cluster.runUntil(() -> everyNodeAppliedAt(cluster, FIGURE_8_NEW_ENTRY),
                COMMIT_DEADLINE_TICKS), cluster.describe());
        assertEquals(FIGURE_8_NEW_ENTRY, cluster.checker.committedAt(2));
    }

    @Test
    void figure8EntryCommitsWithTheLeadersOwnEntryAndThenCannotBeOverwritten() {
        // Proves Figure 8 (e): once an entry of S1's term is on a majority, 2@2 commits with it
        // and S5 can no longer be elected to overwrite it.
        SimCluster cluster = figure8(16);
        assertTrue(cluster.runUntil(() -> cluster.leader() == 1, ELECTION_DEADLINE_TICKS),
                cluster.describe());
        assertTrue(cluster.runUntil(() -> cluster.node(1).lastAppliedIndex() >= 3,
                COMMIT_DEADLINE_TICKS), cluster.describe());
        assertEquals(FIGURE_8_OLD_ENTRY, cluster.checker.committedAt(2));

        cluster.crash(1);
        cutAllLinksBetween(cluster, List.of(2, 3, 4));
        cluster.restart(2);
        cluster.restart(5);
        assertFalse(cluster.runUntil(() -> cluster.leader() == 5, ELECTION_DEADLINE_TICKS),
                "S5 lacks a committed entry yet was elected\n" + cluster.describe());
        cluster.healAll();
        cluster.restart(1);

        assertTrue(cluster.runUntil(() -> everyNodeAppliedAt(cluster, FIGURE_8_OLD_ENTRY),
                COMMIT_DEADLINE_TICKS), cluster.describe());
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

    /** Proposes at the current leader and waits until every live node applied it. */
    private static void commit(SimCluster cluster, String command) {
        cluster.propose(cluster.leader(), command);
        assertTrue(cluster.runUntil(() -> everyNodeApplied(cluster, command),
                COMMIT_DEADLINE_TICKS), cluster.describe());
    }

    // ---------------------------------------------------------------- Figure 8

    private static final Entry FIGURE_8_OLD_ENTRY =
            new ScenarioLog().run(1, 1).run(2, 1).entries().get(1);
    private static final Entry FIGURE_8_NEW_ENTRY =
            new ScenarioLog().run(1, 1).run(3, 1).entries().get(1);

    /**
     * Figure 8 (b) of the Raft paper: S1 led term 2 and stored 2@2 on itself and S2; then S5
     * led term 3 with the votes of S3 and S4 and stored 2@3 on itself only. 1@1 is committed.
     * S1, S3 and S4 are up; S2 and S5 are down.
     */
    private static SimCluster figure8(long seed) {
        SimCluster cluster = new SimCluster(NODES, seed, SimNetwork.Faults.NONE);
        List<Entry> first = new ScenarioLog().run(1, 1).entries();
        List<Entry> withOld = new ScenarioLog().run(1, 1).run(2, 1).entries();
        List<Entry> withNew = new ScenarioLog().run(1, 1).run(3, 1).entries();
        for (int id = 1; id <= NODES; id++) {
            cluster.crash(id);
        }
        cluster.replaceDisk(1, new HardState(2, 1, 1), withOld);
        cluster.replaceDisk(2, new HardState(2, 1, 1), withOld);
        cluster.replaceDisk(3, new HardState(3, 5, 1), first);
        cluster.replaceDisk(4, new HardState(3, 5, 1), first);
        cluster.replaceDisk(5, new HardState(3, 5, 1), withNew);
        List.of(1, 3, 4).forEach(cluster::restart);
        return cluster;
    }

    /** The append as if it had carried only the entries before those of the sender's term. */
    private static Message withoutEntriesOfSendersTerm(Message message) {
        if (!(message instanceof AppendRequest append)) {
            return message;
        }
        List<Entry> older = append.entries().stream()
                .filter(entry -> entry.term() < append.term()).toList();
        long lastIndex = append.prevLogIndex() + older.size();
        return new AppendRequest(append.from(), append.to(), append.term(),
                append.prevLogIndex(), append.prevLogTerm(), older,
                Math.min(append.leaderCommit(), lastIndex), append.context());
    }

    /** How many of the leader's peers it knows to store the log up to {@code index}. */
    private static long acknowledgedUpTo(SimCluster cluster, int leader, long index) {
        return cluster.node(leader).core.status().peers().stream()
                .filter(peer -> peer.matchIndex() >= index).count();
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
