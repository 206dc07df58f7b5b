package io.raftdeck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.VoteResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raft Figure 2, "Rules for Servers / Followers". */
class FollowerRulesTest {

    private static final int CLUSTER = 5;

    @Test
    void silentFollowerBecomesCandidateWhenItsRandomizedTimeoutElapses() {
        // "If election timeout elapses without receiving AppendEntries RPC from current leader
        // or granting vote to candidate: convert to candidate"
        CoreHarness follower = CoreHarness.fresh(1, CLUSTER);
        int timeoutTicks = follower.core.status().electionTimeoutTicks();
        assertTrue(timeoutTicks >= CoreHarness.ELECTION_TIMEOUT_MIN_TICKS
                && timeoutTicks <= CoreHarness.ELECTION_TIMEOUT_MAX_TICKS, "" + timeoutTicks);

        follower.tick(timeoutTicks - 1);
        assertEquals(Role.FOLLOWER, follower.core.role(), "timeout not yet elapsed");
        follower.tick(1);
        assertEquals(Role.CANDIDATE, follower.core.role());
    }

    @Test
    void appendEntriesFromTheLeaderKeepsAFollowerFromCampaigning() {
        // "If election timeout elapses without receiving AppendEntries RPC from current leader
        // ...: convert to candidate" (so receiving them must prevent it)
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 1);
        for (int tick = 0; tick < 10 * CoreHarness.ELECTION_TIMEOUT_MAX_TICKS; tick++) {
            if (tick % CoreHarness.HEARTBEAT_TICKS == 0) {
                follower.step(follower.appendFrom(2).term(1).prevLogIndex(0).prevLogTerm(0)
                        .leaderCommit(0));
            }
            follower.tick(1);
            assertEquals(Role.FOLLOWER, follower.core.role(), "campaigned at tick " + tick);
        }
        follower.tick(CoreHarness.ELECTION_TIMEOUT_MAX_TICKS);
        assertEquals(Role.CANDIDATE, follower.core.role(), "campaigns once the leader is silent");
    }

    @Test
    void grantingAVoteRestartsTheElectionTimer() {
        // "If election timeout elapses without receiving AppendEntries RPC from current leader
        // or granting vote to candidate: convert to candidate"
        CoreHarness follower = CoreHarness.recovered(1, CLUSTER,
                new HardState(2, HardState.NO_VOTE, 0), CoreHarness.log(1));
        follower.tick(follower.core.status().electionTimeoutTicks() - 1);

        List<Message> sent = follower.step(follower.voteRequestFrom(3).term(2).lastLogIndex(1)
                .lastLogTerm(1));
        assertTrue(CoreHarness.single(VoteResponse.class, sent).granted());
        assertEquals(0, follower.core.status().electionElapsedTicks());
        follower.tick(follower.core.status().electionTimeoutTicks() - 1);
        assertEquals(Role.FOLLOWER, follower.core.role(), "a full new timeout after the vote");
    }

    @Test
    void refusingAVoteDoesNotRestartTheElectionTimer() {
        // "If election timeout elapses without ... granting vote to candidate: convert to
        // candidate" (a refused vote is not a granted one)
        CoreHarness follower = CoreHarness.recovered(1, CLUSTER,
                new HardState(2, HardState.NO_VOTE, 0), CoreHarness.log(1, 2));
        follower.tick(follower.core.status().electionTimeoutTicks() - 1);

        List<Message> sent = follower.step(follower.voteRequestFrom(3).term(2).lastLogIndex(1)
                .lastLogTerm(1));
        assertFalse(CoreHarness.single(VoteResponse.class, sent).granted());
        follower.tick(1);
        assertEquals(Role.CANDIDATE, follower.core.role());
    }
}
