package io.raftdeck.core;

import static io.raftdeck.core.CoreHarness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.VoteResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Raft Figure 2, "RequestVote RPC / Receiver implementation", and §5.4.1. */
class RequestVoteReceiverTest {

    private static final int CLUSTER = 5;

    @Test
    void voteRequestOfAnOlderTermIsRefused() {
        // "1. Reply false if term < currentTerm (§5.1)"
        CoreHarness voter = CoreHarness.withLog(1, CLUSTER, 5, 1);

        VoteResponse response = single(VoteResponse.class,
                voter.step(voter.voteRequestFrom(2).term(4).lastLogIndex(9).lastLogTerm(4)));

        assertFalse(response.granted());
        assertEquals(5, response.term(), "the reply carries the newer term");
        assertEquals(new HardState(5, HardState.NO_VOTE, 0), voter.persistedHardState);
    }

    @Test
    void atMostOneCandidateGetsTheVoteInATerm() {
        // "2. If votedFor is null or candidateId, and candidate's log is at least as up-to-date
        // as receiver's log, grant vote (§5.2, §5.4)"
        CoreHarness voter = CoreHarness.withLog(1, CLUSTER, 3, 1);

        assertTrue(single(VoteResponse.class, voter.step(voter.voteRequestFrom(2).term(3)
                .lastLogIndex(1).lastLogTerm(1)))
                .granted(), "votedFor was null");
        assertEquals(2, voter.persistedHardState.votedFor());
        assertFalse(single(VoteResponse.class, voter.step(voter.voteRequestFrom(3).term(3)
                .lastLogIndex(5).lastLogTerm(3)))
                .granted(), "already voted for 2 in term 3");
        assertTrue(single(VoteResponse.class, voter.step(voter.voteRequestFrom(2).term(3)
                .lastLogIndex(1).lastLogTerm(1)))
                .granted(), "votedFor is candidateId: a retried request is granted again");
        assertEquals(2, voter.persistedHardState.votedFor());
    }

    // Receiver's log: terms [1, 1, 2]; the candidate's log ends at (lastIndex, lastTerm).
    @ParameterizedTest(name = "candidate log ending {0}@{1}: granted {2}")
    @CsvSource({
        "10, 1, false",
        "2, 2, false",
        "3, 2, true",
        "4, 2, true",
        "1, 3, true",
    })
    void voteGoesOnlyToACandidateWhoseLogIsAtLeastAsUpToDate(long lastIndex, long lastTerm,
                                                             boolean granted) {
        // "If the logs have last entries with different terms, then the log with the later term
        // is more up-to-date. If the logs end with the same term, then whichever log is longer
        // is more up-to-date." (§5.4.1)
        CoreHarness voter = CoreHarness.withLog(1, CLUSTER, 2, 1, 1, 2);

        VoteResponse response = single(VoteResponse.class,
                voter.step(voter.voteRequestFrom(2).term(3).lastLogIndex(lastIndex)
                        .lastLogTerm(lastTerm)));

        assertEquals(granted, response.granted());
        assertEquals(granted ? 2 : HardState.NO_VOTE, voter.persistedHardState.votedFor());
    }
}
