package io.raftdeck.core;

import static io.raftdeck.core.CoreHarness.only;
import static io.raftdeck.core.Messages.voteResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.AppendRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Raft Figure 2, "Rules for Servers / Leaders". */
class LeaderRulesTest {

    private static final int CLUSTER = 5;

    @Test
    void newLeaderContactsEveryServerAtOnce() {
        // "Upon election: send initial empty AppendEntries RPCs (heartbeat) to each server"
        // (here they carry the new term's no-op entry, which serves the same purpose)
        CoreHarness node = CoreHarness.fresh(1, CLUSTER);
        node.tickUntilCandidate();
        long term = node.core.term();
        node.step(voteResponse().from(2).to(1).term(term).granted());

        List<Message> sent = node.step(voteResponse().from(3).to(1).term(term).granted());

        assertEquals(Role.LEADER, node.core.role());
        List<AppendRequest> appends = only(AppendRequest.class, sent);
        assertEquals(Set.of(2, 3, 4, 5),
                appends.stream().map(AppendRequest::to).collect(Collectors.toSet()));
        appends.forEach(append -> assertEquals(term, append.term()));
    }

    @Test
    void idleLeaderSendsHeartbeatsEveryHeartbeatInterval() {
        // "repeat during idle periods to prevent election timeouts (§5.2)"
        CoreHarness leader = electedWithAcknowledgedNoop();
        for (int period = 0; period < 3; period++) {
            List<Message> early = leader.tick(CoreHarness.HEARTBEAT_TICKS - 1);
            assertTrue(only(AppendRequest.class, early).isEmpty(), "too early: " + early);

            List<AppendRequest> heartbeats = only(AppendRequest.class, leader.tick(1));
            assertEquals(Set.of(2, 3, 4, 5),
                    heartbeats.stream().map(AppendRequest::to).collect(Collectors.toSet()));
            heartbeats.forEach(heartbeat -> assertTrue(heartbeat.entries().isEmpty()));
            heartbeats.forEach(heartbeat -> assertEquals(1, heartbeat.leaderCommit()));
        }
        leader.tick(10 * CoreHarness.ELECTION_TIMEOUT_MAX_TICKS);
        assertEquals(Role.LEADER, leader.core.role(), "a leader never times itself out");
    }

    @Test
    void clientCommandIsAppendedReplicatedAndAppliedOnlyOnceCommitted() {
        // "If command received from client: append entry to local log, respond after entry
        // applied to state machine (§5.3)"
        CoreHarness leader = electedWithAcknowledgedNoop();
        int appliedBefore = leader.applied.size();

        ProposeResult result = leader.core.propose("x".getBytes(StandardCharsets.UTF_8));
        List<Message> sent = leader.drain();

        assertTrue(result.accepted());
        assertEquals(2, result.index());
        assertEquals(leader.core.term(), result.term());
        assertEquals(2, leader.disk.size(), "appended to the leader's own durable log");
        for (AppendRequest append : only(AppendRequest.class, sent)) {
            assertEquals(2, append.entries().get(0).index());
        }
        leader.step(leader.accepted(2, 2));
        assertEquals(appliedBefore, leader.applied.size(), "2 of 5 is not a majority");
        leader.step(leader.accepted(3, 2));
        Entry applied = leader.applied.get(leader.applied.size() - 1);
        assertEquals(result.index(), applied.index());
        assertEquals("x", new String(applied.data(), StandardCharsets.UTF_8));
    }

    @Test
    void followerRefusesClientCommandsAndNamesTheLeader() {
        // "If command received from client: append entry to local log" is for leaders only
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 1);
        follower.step(follower.appendFrom(3).term(1).prevLogIndex(0).prevLogTerm(0)
                .leaderCommit(0));

        ProposeResult result = follower.core.propose(new byte[] {1});

        assertFalse(result.accepted());
        assertEquals(3, result.leaderId());
        assertEquals(0, follower.log().size());
    }

    @Test
    void appendEntriesToAFollowerStartAtItsNextIndex() {
        // "If last log index >= nextIndex for a follower: send AppendEntries RPC with log
        // entries starting at nextIndex"
        CoreHarness leader = CoreHarness.withLog(1, CLUSTER, 1, 1, 1, 1);
        leader.electLeader(CLUSTER);
        leader.step(leader.accepted(2, 4));
        assertEquals(5, leader.progressOf(2).nextIndex());

        List<Message> sent = leader.propose("y");

        AppendRequest append = only(AppendRequest.class, sent).stream()
                .filter(request -> request.to() == 2).findFirst().orElseThrow();
        assertEquals(4, append.prevLogIndex());
        assertEquals(2, append.prevLogTerm());
        assertEquals(5, append.entries().get(0).index());
    }

    @Test
    void successfulAppendUpdatesMatchIndexAndNextIndex() {
        // "If successful: update nextIndex and matchIndex for follower (§5.3)"
        CoreHarness leader = CoreHarness.withLog(1, CLUSTER, 1, 1, 1, 1);
        leader.electLeader(CLUSTER);
        assertEquals(0, leader.progressOf(2).matchIndex());
        assertEquals(4, leader.progressOf(2).nextIndex());

        leader.step(leader.accepted(2, 4));

        assertEquals(4, leader.progressOf(2).matchIndex());
        assertEquals(5, leader.progressOf(2).nextIndex());
    }

    @Test
    void rejectedAppendLowersNextIndexAndRetries() {
        // "If AppendEntries fails because of log inconsistency: decrement nextIndex and retry
        // (§5.3)"
        CoreHarness leader = CoreHarness.withLog(1, CLUSTER, 1, 1, 1, 1);
        leader.electLeader(CLUSTER);

        List<Message> sent = leader.step(leader.rejectionFrom(2).conflictTerm(0).conflictIndex(3)
                .lastLogIndex(2));

        assertEquals(3, leader.progressOf(2).nextIndex());
        AppendRequest retry = CoreHarness.single(AppendRequest.class, sent);
        assertEquals(2, retry.to());
        assertEquals(2, retry.prevLogIndex());
        assertEquals(1, retry.prevLogTerm());
        assertEquals(List.of(3L, 4L),
                retry.entries().stream().map(Entry::index).toList());
    }

    @Test
    void leaderCommitsTheHighestIndexStoredOnAMajority() {
        // "If there exists an N such that N > commitIndex, a majority of matchIndex[i] >= N,
        // and log[N].term == currentTerm: set commitIndex = N (§5.3, §5.4)"
        CoreHarness leader = CoreHarness.fresh(1, CLUSTER);
        leader.electLeader(CLUSTER);
        leader.propose("a");
        leader.propose("b");
        leader.propose("c");

        leader.step(leader.accepted(2, 4));
        leader.step(leader.accepted(4, 2));
        assertEquals(2, leader.core.status().commitIndex(), "only 1..2 are on 3 of 5");
        leader.step(leader.accepted(5, 3));
        assertEquals(3, leader.core.status().commitIndex(), "1..3 now on 1, 2 and 5");
        assertEquals(3, leader.applied.size());
    }

    @Test
    void entryOfAnEarlierTermIsNotCommittedByCountingReplicas() {
        // "Raft never commits log entries from previous terms by counting replicas. Only log
        // entries from the leader's current term are committed by counting replicas" (§5.4.2)
        CoreHarness leader = CoreHarness.withLog(1, CLUSTER, 2, 1, 2);
        leader.electLeader(CLUSTER);
        long term = leader.core.term();
        assertEquals(3, term);

        leader.step(leader.accepted(2, 2));
        leader.step(leader.accepted(3, 2));
        assertEquals(0, leader.core.status().commitIndex(), "entry 2@2 is on 3 of 5: no commit");
        assertTrue(leader.applied.isEmpty());

        leader.step(leader.accepted(2, 3));
        leader.step(leader.accepted(3, 3));
        assertEquals(3, leader.core.status().commitIndex(), "3@3 commits, and 1..2 with it");
        assertEquals(List.of(1L, 2L, 3L),
                leader.applied.stream().map(Entry::index).toList());
    }

    @Test
    void newLeaderAppendsANoopOfItsTermThatCommitsEarlierEntries() {
        // "each leader commit a blank no-op entry into the log at the start of its term" (§8)
        CoreHarness leader = CoreHarness.withLog(1, CLUSTER, 1, 1, 1);
        leader.electLeader(CLUSTER);

        Entry noop = leader.disk.get(leader.disk.size() - 1);
        assertEquals(EntryType.NOOP, noop.type());
        assertEquals(3, noop.index());
        assertEquals(leader.core.term(), noop.term());

        leader.step(leader.accepted(2, 3));
        leader.step(leader.accepted(3, 3));
        assertEquals(List.of(1L, 2L, 3L), leader.applied.stream().map(Entry::index).toList(),
                "earlier entries commit without any client command");
    }

    /** A leader of term 1 in a fresh 5-node cluster whose no-op everyone has acknowledged. */
    private static CoreHarness electedWithAcknowledgedNoop() {
        CoreHarness leader = CoreHarness.fresh(1, CLUSTER);
        leader.electLeader(CLUSTER);
        for (int peer = 2; peer <= CLUSTER; peer++) {
            leader.step(leader.accepted(peer, 1));
        }
        assertEquals(1, leader.core.status().commitIndex());
        leader.sent.clear();
        return leader;
    }
}
