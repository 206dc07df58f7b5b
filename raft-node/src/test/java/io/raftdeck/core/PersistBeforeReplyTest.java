package io.raftdeck.core;

import static io.raftdeck.core.CoreHarness.entry;
import static io.raftdeck.core.CoreHarness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.AppendResponse;
import io.raftdeck.core.Message.VoteResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Raft Figure 2, "Persistent state on all servers: (Updated on stable storage before responding
 * to RPCs)". A Ready is persisted before its messages are sent, so every reply must travel in
 * the same Ready as the state it depends on (or a later one).
 */
class PersistBeforeReplyTest {

    private static final int CLUSTER = 5;

    @Test
    void grantedVoteTravelsWithTheHardStateRecordingIt() {
        // "Persistent state on all servers: (Updated on stable storage before responding to
        // RPCs) currentTerm, votedFor"
        CoreHarness voter = CoreHarness.withLog(1, CLUSTER, 3, 1);

        voter.step(voter.voteRequestFrom(2).term(4).lastLogIndex(1).lastLogTerm(1));

        Ready withVote = voter.readies.stream()
                .filter(ready -> !ready.messages().isEmpty()).findFirst().orElseThrow();
        VoteResponse response = single(VoteResponse.class, withVote.messages());
        assertTrue(response.granted());
        assertNotNull(withVote.hardState(), "the vote must be persisted with its reply");
        assertEquals(new HardState(4, 2, 0), withVote.hardState());
    }

    @Test
    void acknowledgedEntriesTravelWithTheirAcknowledgement() {
        // "Persistent state on all servers: (Updated on stable storage before responding to
        // RPCs) ... log[]"
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 2, 1);
        int readiesBefore = follower.readies.size();

        follower.step(follower.appendFrom(2).term(2).prevLogIndex(1).prevLogTerm(1)
                .entries(entry(2, 2), entry(3, 2)).leaderCommit(0));

        List<Entry> durable = new ArrayList<>(CoreHarness.log(1));
        for (Ready ready : follower.readies.subList(readiesBefore, follower.readies.size())) {
            durable.addAll(ready.entries());
            for (AppendResponse ack : CoreHarness.only(AppendResponse.class, ready.messages())) {
                assertTrue(ack.success());
                assertTrue(ack.matchIndex() <= durable.size(),
                        "acknowledged " + ack.matchIndex() + " with " + durable.size()
                                + " entries durable");
            }
        }
        assertEquals(3, durable.size());
    }

    @Test
    void voteSurvivesARestart() {
        // "votedFor: candidateId that received vote in current term" is on stable storage, so a
        // restarted server cannot vote twice in one term
        CoreHarness voter = CoreHarness.withLog(1, CLUSTER, 3, 1);
        voter.step(voter.voteRequestFrom(2).term(4).lastLogIndex(1).lastLogTerm(1));

        CoreHarness restarted = CoreHarness.recovered(1, CLUSTER, voter.persistedHardState,
                voter.disk);

        assertFalse(single(VoteResponse.class,
                restarted.step(restarted.voteRequestFrom(3).term(4).lastLogIndex(1)
                        .lastLogTerm(1))).granted());
        assertTrue(single(VoteResponse.class,
                restarted.step(restarted.voteRequestFrom(2).term(4).lastLogIndex(1)
                        .lastLogTerm(1))).granted());
    }

    @Test
    void leaderCountsItselfOnlyForEntriesOnItsStableStorage() {
        // "Persistent state ... (Updated on stable storage before responding to RPCs)": the
        // leader's own copy counts towards a majority only once it is durable
        CoreHarness single = CoreHarness.fresh(1, 1);
        single.tick(CoreHarness.ELECTION_TIMEOUT_MAX_TICKS);
        assertEquals(Role.LEADER, single.core.role());

        for (Ready ready : single.readies) {
            for (Entry committed : ready.committedEntries()) {
                assertFalse(ready.entries().contains(committed),
                        committed + " handed out as committed before it was persisted");
            }
        }
        assertEquals(1, single.applied.size(), "the no-op commits once it is durable");
    }
}
