package io.raftdeck.core;

import static io.raftdeck.core.CoreHarness.only;
import static io.raftdeck.core.Messages.voteResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.AppendResponse;
import io.raftdeck.core.Message.VoteRequest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Raft Figure 2, "Rules for Servers / Candidates (§5.2)". */
class CandidateRulesTest {

    private static final int CLUSTER = 5;

    @Test
    void conversionToCandidateStartsAnElection() {
        // "On conversion to candidate, start election: Increment currentTerm, Vote for self,
        // Reset election timer, Send RequestVote RPCs to all other servers"
        CoreHarness node = CoreHarness.withLog(1, CLUSTER, 2, 1, 1, 2);

        List<Message> sent = node.tickUntilCandidate();

        assertEquals(3, node.core.term());
        assertEquals(new HardState(3, 1, 0), node.persistedHardState, "vote for self is durable");
        assertEquals(0, node.core.status().electionElapsedTicks(), "timer reset");
        List<VoteRequest> requests = only(VoteRequest.class, sent);
        assertEquals(Set.of(2, 3, 4, 5),
                requests.stream().map(VoteRequest::to).collect(Collectors.toSet()));
        for (VoteRequest request : requests) {
            assertEquals(3, request.term());
            assertEquals(3, request.lastLogIndex());
            assertEquals(2, request.lastLogTerm());
        }
    }

    @Test
    void becomesLeaderOnlyWithVotesFromAMajorityOfDistinctServers() {
        // "If votes received from majority of servers: become leader"
        CoreHarness node = CoreHarness.fresh(1, CLUSTER);
        node.tickUntilCandidate();
        long term = node.core.term();

        node.step(voteResponse().from(2).to(1).term(term).granted());
        node.step(voteResponse().from(2).to(1).term(term).granted());
        node.step(voteResponse().from(3).to(1).term(term).refused());
        assertEquals(Role.CANDIDATE, node.core.role(), "self + one voter (twice) is 2 of 5");

        node.step(voteResponse().from(4).to(1).term(term).granted());
        assertEquals(Role.LEADER, node.core.role(), "self + 2 and 4 is 3 of 5");
        assertEquals(term, node.core.term());
    }

    @Test
    void appendEntriesFromTheNewLeaderTurnsACandidateIntoItsFollower() {
        // "If AppendEntries RPC received from new leader: convert to follower"
        CoreHarness node = CoreHarness.fresh(1, CLUSTER);
        node.tickUntilCandidate();
        long term = node.core.term();

        List<Message> sent = node.step(node.appendFrom(3).term(term).prevLogIndex(0).prevLogTerm(0)
                .leaderCommit(0));

        assertEquals(Role.FOLLOWER, node.core.role());
        assertEquals(3, node.core.leaderId());
        assertEquals(term, node.core.term());
        assertTrue(CoreHarness.single(AppendResponse.class, sent).success());
    }

    @Test
    void candidateWhoseElectionTimesOutStartsANewElection() {
        // "If election timeout elapses: start new election"
        CoreHarness node = CoreHarness.fresh(1, CLUSTER);
        node.tickUntilCandidate();
        long firstTerm = node.core.term();
        node.sent.clear();

        node.tick(node.core.status().electionTimeoutTicks());

        assertEquals(Role.CANDIDATE, node.core.role());
        assertEquals(firstTerm + 1, node.core.term());
        List<VoteRequest> requests = only(VoteRequest.class, node.sent);
        assertEquals(4, requests.size());
        requests.forEach(request -> assertEquals(firstTerm + 1, request.term()));
    }
}
