package io.raftdeck.core;

import static io.raftdeck.core.Messages.appendResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.AppendRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ReadIndex procedure of Raft thesis §6.4, step by step. */
class ReadIndexRulesTest {

    private static final int CLUSTER = 5;

    private static List<ReadState> reads(CoreHarness harness) {
        List<ReadState> reads = new ArrayList<>();
        harness.readies.forEach(ready -> reads.addAll(ready.readStates()));
        return reads;
    }

    @Test
    void followerRefusesToServeAReadIndex() {
        // Only the leader knows the commit index to read at; a follower sends reads to it.
        CoreHarness follower = CoreHarness.fresh(2, CLUSTER);
        assertEquals(ReadIndexResult.NOT_LEADER, follower.core.readIndex(1));
    }

    @Test
    void readWaitsUntilTheLeaderCommittedAnEntryOfItsTerm() {
        // "the leader must have committed an entry from its current term" before it knows the
        // commit index (thesis §6.4 step 1)
        CoreHarness leader = CoreHarness.withLog(1, CLUSTER, 2, 1, 2);
        leader.electLeader(CLUSTER);
        assertEquals(ReadIndexResult.PENDING, leader.core.readIndex(7));
        List<AppendRequest> rounds = CoreHarness.only(AppendRequest.class, leader.drain());
        assertTrue(rounds.stream().allMatch(append -> append.context() == 0),
                "no confirmation round before the no-op commits");

        long noop = leader.core.status().lastLogIndex();
        leader.step(leader.accepted(2, noop));
        List<Message> afterCommit = leader.step(leader.accepted(3, noop));

        List<AppendRequest> confirm = CoreHarness.only(AppendRequest.class, afterCommit);
        assertTrue(confirm.stream().anyMatch(append -> append.context() != 0),
                "a heartbeat round goes out once the no-op commits");
        assertTrue(reads(leader).isEmpty(), "not safe before a majority answers the round");
    }

    @Test
    void readBecomesSafeAtTheCommitIndexOnceAMajorityAnswersTheRound() {
        // Steps 2-4: record the commit index, confirm leadership with a heartbeat round, then
        // the read may be served once applied reaches the recorded index
        CoreHarness leader = CoreHarness.withLog(1, CLUSTER, 2, 1, 2);
        leader.electLeader(CLUSTER);
        long noop = leader.core.status().lastLogIndex();
        leader.step(leader.accepted(2, noop));
        leader.step(leader.accepted(3, noop));
        long commit = leader.core.status().commitIndex();

        leader.core.readIndex(9);
        long round = CoreHarness.only(AppendRequest.class, leader.drain()).stream()
                .filter(append -> append.context() != 0).findFirst().orElseThrow().context();
        leader.step(appendResponse().from(2).to(1).term(leader.core.term()).success()
                .matchIndex(noop).lastLogIndex(noop).context(round));
        assertTrue(reads(leader).isEmpty(), "two of five is no majority");
        leader.step(appendResponse().from(4).to(1).term(leader.core.term()).success()
                .matchIndex(noop).lastLogIndex(noop).context(round));

        assertEquals(List.of(new ReadState(9, commit)), reads(leader));
    }

    @Test
    void singleNodeClusterConfirmsReadsAtOnce() {
        // With no other voters the leader's own acknowledgement is the majority
        CoreHarness single = CoreHarness.fresh(1, 1);
        single.tick(CoreHarness.ELECTION_TIMEOUT_MAX_TICKS);
        assertEquals(Role.LEADER, single.core.role());
        single.core.readIndex(3);
        single.drain();
        assertEquals(List.of(new ReadState(3, single.core.status().commitIndex())),
                reads(single));
    }
}
