package io.raftdeck.core;

import static io.raftdeck.core.CoreHarness.single;
import static io.raftdeck.core.Messages.appendResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.raftdeck.core.Message.AppendRequest;
import io.raftdeck.core.Message.AppendResponse;
import org.junit.jupiter.api.Test;

/**
 * Raft §5.3, last paragraphs: on a rejection the follower names the conflicting term and the
 * first index it holds of that term, so the leader skips the whole term in one round trip
 * instead of one entry per round trip.
 */
class FastBacktrackingTest {

    private static final int CLUSTER = 5;

    @Test
    void rejectionNamesTheConflictingTermAndItsFirstIndex() {
        // "the follower can include the term of the conflicting entry and the first index it
        // stores for that term" (§5.3)
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 4, 1, 1, 2, 2, 2, 2);

        AppendResponse conflict = single(AppendResponse.class,
                follower.step(follower.appendFrom(2).term(4).prevLogIndex(6).prevLogTerm(3)
                        .leaderCommit(0)));
        assertFalse(conflict.success());
        assertEquals(2, conflict.conflictTerm());
        assertEquals(3, conflict.conflictIndex());

        AppendResponse tooShort = single(AppendResponse.class,
                follower.step(follower.appendFrom(2).term(4).prevLogIndex(9).prevLogTerm(3)
                        .leaderCommit(0)));
        assertFalse(tooShort.success());
        assertEquals(0, tooShort.conflictTerm(), "no entry at prevLogIndex at all");
        assertEquals(7, tooShort.conflictIndex(), "retry just past the follower's log");
    }

    @Test
    void leaderWithoutTheConflictingTermSkipsToItsFirstIndex() {
        // "With this information, the leader can decrement nextIndex to bypass all of the
        // conflicting entries in that term" (§5.3)
        CoreHarness leader = CoreHarness.withLog(1, CLUSTER, 4, 1, 1, 1, 4, 4, 4);
        leader.electLeader(CLUSTER);

        AppendRequest retry = single(AppendRequest.class,
                leader.step(leader.rejectionFrom(2).conflictTerm(2).conflictIndex(2)
                        .lastLogIndex(9)));

        assertEquals(1, retry.prevLogIndex(), "follower's term-2 entries from index 2 skipped");
        assertEquals(1, retry.prevLogTerm());
    }

    @Test
    void leaderHoldingTheConflictingTermRetriesJustAfterItsLastEntryOfThatTerm() {
        // "bypass all of the conflicting entries in that term" — the leader's own entries of
        // that term match the follower's, so it retries right after its last one
        CoreHarness leader = CoreHarness.withLog(1, CLUSTER, 4, 1, 1, 1, 4, 4, 4);
        leader.electLeader(CLUSTER);

        AppendRequest retry = single(AppendRequest.class,
                leader.step(leader.rejectionFrom(3).conflictTerm(1).conflictIndex(1)
                        .lastLogIndex(9)));

        assertEquals(3, retry.prevLogIndex(), "the leader's last term-1 entry");
        assertEquals(1, retry.prevLogTerm());
        assertEquals(4, retry.entries().get(0).index());
    }

    @Test
    void divergentFollowerIsRepairedInOneRoundTripPerConflictingTerm() {
        // "one AppendEntries RPC will be required for each term with conflicting entries, rather
        // than one RPC per entry" (§5.3)
        CoreHarness leader = CoreHarness.withLog(1, CLUSTER, 6,
                1, 1, 4, 4, 4, 4, 4, 4, 6, 6, 6, 6, 6, 6);
        CoreHarness follower = CoreHarness.withLog(2, CLUSTER, 6,
                1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3);
        AppendRequest request = CoreHarness.only(AppendRequest.class,
                leader.electLeader(CLUSTER)).stream()
                .filter(append -> append.to() == 2).findFirst().orElseThrow();

        int rejections = 0;
        for (int roundTrip = 0; roundTrip < 20 && request != null; roundTrip++) {
            AppendResponse response = single(AppendResponse.class, follower.step(request));
            rejections += response.success() ? 0 : 1;
            request = CoreHarness.only(AppendRequest.class, leader.step(response)).stream()
                    .findFirst().orElse(null);
        }

        assertEquals(leader.log(), follower.log(), "follower's log repaired");
        assertEquals(2, rejections, "one for the term-3 run, one for the term-2 run");
    }

    @Test
    void lateRejectionOfAnAppendAlreadyPastIsIgnored() {
        // Pipelined appends can be answered out of order: a rejection anchored at an index the
        // follower is already known to match must not send the leader back to probing.
        CoreHarness leader = CoreHarness.withLog(1, CLUSTER, 4, 1, 1, 1);
        leader.electLeader(CLUSTER);
        leader.step(leader.accepted(2, 4));
        leader.propose("a");
        leader.propose("b");
        long nextBefore = leader.progressOf(2).nextIndex();

        AppendResponse late = appendResponse().from(2).to(1).term(leader.core.term()).rejected()
                .rejectedIndex(3).conflictTerm(1).conflictIndex(1).lastLogIndex(9).build();
        java.util.List<Message> sent = leader.step(late);

        assertEquals(nextBefore, leader.progressOf(2).nextIndex(), "pipeline left alone");
        assertEquals(4, leader.progressOf(2).matchIndex());
        assertEquals(0, CoreHarness.only(AppendRequest.class, sent).stream()
                .filter(append -> append.prevLogIndex() < 4).count(), "no re-probe below match");
    }
}
