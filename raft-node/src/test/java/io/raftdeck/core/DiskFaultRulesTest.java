package io.raftdeck.core;

import static io.raftdeck.core.CoreHarness.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.AppendRequest;
import io.raftdeck.core.Message.AppendResponse;
import io.raftdeck.core.Message.VoteRequest;
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
        leader.step(new AppendResponse(2, 1, term, true, last, 0, 0, 0, last, 0));
        leader.sent.clear();
        long shrunk = 2;
        List<Message> sent = leader.step(new AppendResponse(2, 1, term, false, 0, last,
                0, shrunk + 1, shrunk, 0));
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
            List<Message> sent = follower.step(new VoteRequest(2, 1, term, 10, 3, false, false));
            assertEquals(3, follower.core.term());
            assertTrue(sent.isEmpty(), "answered " + sent);
        }
        follower.step(new VoteRequest(2, 1, 3 + RaftCore.MAX_TERM_JUMP, 10, 3, false, false));
        assertEquals(3 + RaftCore.MAX_TERM_JUMP, follower.core.term(), "a plausible term");
    }
}
