package io.raftdeck.core;

import static io.raftdeck.core.CoreHarness.only;
import static io.raftdeck.core.Messages.appendResponse;
import static io.raftdeck.core.Messages.voteRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.AppendRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules that keep a cluster live when a peer's disk or messages are beyond Raft's model. */
class DiskFaultRulesTest {

    private static final int CLUSTER = 3;

    @Test
    void leaderReprobesAFollowerWhoseLogShrankBelowItsMatchIndex() {
        // Proves a rejection whose last log index lies below the follower's matchIndex (its
        // WAL lost synced entries) makes the leader probe from the follower's log end, instead
        // of probing above that log forever.
        CoreHarness leader = CoreHarness.fresh(1, CLUSTER);
        leader.electLeader(CLUSTER);
        long term = leader.core.term();
        for (int i = 0; i < 4; i++) {
            leader.propose("c" + i);
        }
        long last = leader.core.status().lastLogIndex();
        leader.step(appendResponse().from(2).to(1).term(term).success().matchIndex(last)
                .lastLogIndex(last));
        leader.sent.clear();
        long shrunk = 2;
        List<Message> sent = leader.step(appendResponse().from(2).to(1).term(term).rejected()
                .rejectedIndex(last).conflictTerm(0).conflictIndex(shrunk + 1)
                .lastLogIndex(shrunk));
        List<AppendRequest> probes = only(AppendRequest.class, sent);
        assertEquals(1, probes.size(), "expected one probe to node 2: " + sent);
        assertEquals(shrunk, probes.get(0).prevLogIndex());
    }

    @Test
    void termMoreThanTheMaximumJumpAheadIsDropped() {
        // Proves a message from a member whose term is absurdly far ahead (near 2^63, where
        // the next election's term + 1 overflows) neither changes the term nor gets a reply.
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 3, 1, 2, 3);
        for (long term : new long[] {Long.MAX_VALUE, 3 + RaftCore.MAX_TERM_JUMP + 1}) {
            List<Message> sent = follower.step(voteRequest().from(2).to(1).term(term)
                    .lastLogIndex(10).lastLogTerm(3));
            assertEquals(3, follower.core.term());
            assertTrue(sent.isEmpty(), "answered " + sent);
        }
        follower.step(voteRequest().from(2).to(1).term(3 + RaftCore.MAX_TERM_JUMP).lastLogIndex(10)
                .lastLogTerm(3));
        assertEquals(3 + RaftCore.MAX_TERM_JUMP, follower.core.term(), "a plausible term");
    }
}
