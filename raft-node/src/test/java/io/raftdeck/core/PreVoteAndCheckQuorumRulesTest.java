package io.raftdeck.core;

import static io.raftdeck.core.CoreHarness.only;
import static io.raftdeck.core.CoreHarness.single;
import static io.raftdeck.core.Messages.voteRequest;
import static io.raftdeck.core.Messages.voteResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.VoteRequest;
import io.raftdeck.core.Message.VoteResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pre-vote (Raft thesis §9.6), check-quorum and leader leases (§4.2.3, §6.2). */
class PreVoteAndCheckQuorumRulesTest {

    private static final int CLUSTER = 5;

    private static CoreHarness node(int id, long term, long... logTerms) {
        return CoreHarness.recovered(CoreHarness.productionConfig(id, CLUSTER),
                new HardState(term, HardState.NO_VOTE, 0), CoreHarness.log(logTerms));
    }

    @Test
    void timedOutFollowerAsksForPreVotesWithoutChangingItsTermOrVote() {
        // "a candidate would first ask other servers whether its log was up-to-date enough to
        // get their vote" — without incrementing its term (thesis §9.6)
        CoreHarness follower = node(1, 3, 1, 3);
        int readiesBefore = follower.readies.size();

        List<VoteRequest> requests = only(VoteRequest.class, follower.tickUntilCandidate());

        assertEquals(Role.PRE_CANDIDATE, follower.core.role());
        assertEquals(3, follower.core.term(), "term unchanged");
        assertEquals(CLUSTER - 1, requests.size());
        for (VoteRequest request : requests) {
            assertTrue(request.preVote());
            assertEquals(4, request.term(), "asks about term + 1");
        }
        for (Ready ready : follower.readies.subList(readiesBefore, follower.readies.size())) {
            assertNull(ready.hardState(), "nothing to persist for a pre-vote");
        }
    }

    @Test
    void preVoteIsGrantedWithoutRecordingAVote() {
        // A pre-vote changes neither the voter's term nor its vote, and grants only an
        // up-to-date log (thesis §9.6)
        CoreHarness voter = node(2, 3, 1, 3);

        VoteResponse granted = single(VoteResponse.class, voter.step(
                voteRequest().from(1).to(2).term(4).lastLogIndex(2).lastLogTerm(3).preVote()));
        assertTrue(granted.granted() && granted.preVote());
        assertEquals(4, granted.term(), "a grant speaks of the term asked about");
        assertEquals(3, voter.core.term());
        assertEquals(HardState.NO_VOTE, voter.core.status().votedFor());

        VoteResponse refused = single(VoteResponse.class, voter.step(
                voteRequest().from(1).to(2).term(4).lastLogIndex(1).lastLogTerm(1).preVote()));
        assertFalse(refused.granted(), "a log behind ours gets no pre-vote");
    }

    @Test
    void preVoteIsRefusedWhileALeaderIsAlive() {
        // "a server would only grant a pre-vote if it had not heard from a leader within the
        // election timeout" (thesis §9.6)
        CoreHarness follower = node(2, 3, 1, 3);
        follower.step(follower.appendFrom(3).term(3).prevLogIndex(2).prevLogTerm(3)
                .leaderCommit(0));

        VoteResponse refused = single(VoteResponse.class, follower.step(
                voteRequest().from(1).to(2).term(4).lastLogIndex(2).lastLogTerm(3).preVote()));

        assertFalse(refused.granted());
        assertEquals(3, follower.core.term());
    }

    @Test
    void leaseEndsOneHeartbeatBeforeTheMinimumElectionTimeout() {
        // When the leader dies, its followers heard its last heartbeat up to one interval
        // apart; the first whose timer runs out (after at least the minimum) must find the
        // others free to grant, or the cluster waits out a second timeout.
        CoreHarness follower = node(2, 3, 1, 3);
        follower.step(follower.appendFrom(3).term(3).prevLogIndex(2).prevLogTerm(3)
                .leaderCommit(0));
        int lease = CoreHarness.productionConfig(2, CLUSTER).leaderLeaseTicks();
        assertEquals(CoreHarness.ELECTION_TIMEOUT_MIN_TICKS - CoreHarness.HEARTBEAT_TICKS,
                lease);
        follower.tick(lease - 1);
        assertFalse(single(VoteResponse.class, follower.step(
                voteRequest().from(1).to(2).term(4).lastLogIndex(2).lastLogTerm(3)
                        .preVote())).granted(), "still in the lease");
        follower.tick(1);
        assertTrue(single(VoteResponse.class, follower.step(
                voteRequest().from(1).to(2).term(4).lastLogIndex(2).lastLogTerm(3)
                        .preVote())).granted(), "lease over");
    }

    @Test
    void followerThatLosesItsLeadersConnectionTimesOutWithinTwoHeartbeats() {
        // A crashed leader resets its connections: its followers stop honouring its lease
        // and campaign within two heartbeat intervals instead of a whole election timeout.
        CoreHarness follower = node(2, 3, 1, 3);
        follower.step(follower.appendFrom(3).term(3).prevLogIndex(2).prevLogTerm(3)
                .leaderCommit(0));
        follower.core.peerUnreachable(4);
        assertEquals(3, follower.core.status().leaderId(), "another peer's loss changes nothing");
        follower.core.peerUnreachable(3);
        assertEquals(0, follower.core.status().leaderId());
        assertTrue(single(VoteResponse.class, follower.step(
                voteRequest().from(1).to(2).term(4).lastLogIndex(2).lastLogTerm(3)
                        .preVote())).granted(), "no lease any more");
        CoreHarness again = node(2, 3, 1, 3);
        again.step(again.appendFrom(3).term(3).prevLogIndex(2).prevLogTerm(3).leaderCommit(0));
        again.core.peerUnreachable(3);
        again.tick(2 * CoreHarness.HEARTBEAT_TICKS);
        assertEquals(Role.PRE_CANDIDATE, again.core.role());
    }

    @Test
    void followersThatLoseTheSameLeaderCampaignInTurnsByIdAfterIt() {
        // Followers that notice a crash together would split the vote with random delays
        // alone: each gets its own window, the member after the leader first.
        int window = 2 * CoreHarness.HEARTBEAT_TICKS / (CLUSTER - 1);
        int[] turnOrder = {4, 5, 1, 2}; // after leader 3, wrapping around
        for (int turn = 0; turn < turnOrder.length; turn++) {
            for (int seed = 0; seed < 20; seed++) {
                CoreHarness follower = CoreHarness.recovered(
                        CoreHarness.productionConfig(turnOrder[turn], CLUSTER), seed,
                        new HardState(3, HardState.NO_VOTE, 0), CoreHarness.log(1, 3));
                follower.step(follower.appendFrom(3).term(3).prevLogIndex(2).prevLogTerm(3)
                        .leaderCommit(0));
                follower.core.peerUnreachable(3);
                int ticks = 0;
                while (follower.core.role() == Role.FOLLOWER && ticks < 100) {
                    follower.tick(1);
                    ticks++;
                }
                String what = "node " + turnOrder[turn] + ", seed " + seed;
                assertTrue(ticks >= 1 + turn * window && ticks <= (turn + 1) * window,
                        what + " campaigned after " + ticks + " ticks");
            }
        }
    }

    @Test
    void followerThatGrantsAPreVoteDoesNotRaceTheCandidate() {
        // A follower that grants a pre-vote restarts its timer: a rival election started now
        // would likely split the vote.
        CoreHarness follower = node(2, 3, 1, 3);
        RaftStatus status = follower.core.status();
        follower.tick(status.electionTimeoutTicks() - status.electionElapsedTicks() - 1);
        assertTrue(single(VoteResponse.class, follower.step(
                voteRequest().from(1).to(2).term(4).lastLogIndex(2).lastLogTerm(3)
                        .preVote())).granted());
        follower.tick(1); // its timer would have run out on this tick
        assertEquals(Role.FOLLOWER, follower.core.role(), "its timer started over");
    }

    @Test
    void preCandidateWithAMajorityOfPreVotesStartsARealElection() {
        // After winning the pre-vote the node runs a normal election at term + 1 (thesis §9.6)
        CoreHarness node = node(1, 3, 1, 3);
        node.tickUntilCandidate();

        node.step(voteResponse().from(2).to(1).term(4).granted().preVote());
        List<VoteRequest> votes = only(VoteRequest.class,
                node.step(voteResponse().from(3).to(1).term(4).granted().preVote()));

        assertEquals(Role.CANDIDATE, node.core.role());
        assertEquals(4, node.core.term());
        assertEquals(CLUSTER - 1, votes.size());
        assertTrue(votes.stream().noneMatch(VoteRequest::preVote));
        assertEquals(new HardState(4, 1, 0), node.persistedHardState);
    }

    @Test
    void followerThatHeardFromItsLeaderIgnoresAVoteRequestOfANewerTerm() {
        // "if a server receives a RequestVote request within the minimum election timeout of
        // hearing from a current leader, it does not update its term or grant its vote"
        // (thesis §4.2.3)
        CoreHarness follower = node(2, 3, 1, 3);
        follower.step(follower.appendFrom(3).term(3).prevLogIndex(2).prevLogTerm(3)
                .leaderCommit(0));

        List<Message> answer = follower.step(voteRequest().from(1).to(2).term(9).lastLogIndex(2)
                .lastLogTerm(3));

        assertTrue(answer.isEmpty(), "no answer at all");
        assertEquals(3, follower.core.term());
    }

    @Test
    void leaderThatHearsFromNoMajorityStepsDownWithinAnElectionTimeout() {
        // Check-quorum: a leader that has not heard from a majority for an election timeout
        // steps down (thesis §6.2)
        CoreHarness leader = node(1, 3, 1, 3);
        leader.electLeader(CLUSTER);
        assertEquals(Role.LEADER, leader.core.role());

        leader.tick(CoreHarness.ELECTION_TIMEOUT_MAX_TICKS - 1);
        assertEquals(Role.LEADER, leader.core.role(), "still within the timeout");
        leader.tick(1);

        assertEquals(Role.FOLLOWER, leader.core.role());
    }

    @Test
    void leaderHearingFromAMajorityStaysLeader() {
        // The other side of check-quorum: answers from a majority keep the leader in office
        CoreHarness leader = node(1, 3, 1, 3);
        leader.electLeader(CLUSTER);
        long last = leader.core.status().lastLogIndex();
        for (int round = 0; round < 10; round++) {
            leader.tick(CoreHarness.HEARTBEAT_TICKS);
            leader.step(leader.accepted(2, last));
            leader.step(leader.accepted(3, last));
        }
        assertEquals(Role.LEADER, leader.core.role());
    }
}
