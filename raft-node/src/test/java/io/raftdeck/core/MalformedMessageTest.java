package io.raftdeck.core;

import static io.raftdeck.core.CoreHarness.entry;
import static io.raftdeck.core.Messages.appendRequest;
import static io.raftdeck.core.Messages.voteRequest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages come from the network: a bad one is dropped, and never breaks the core. */
class MalformedMessageTest {

    private static final int CLUSTER = 5;

    @Test
    void malformedOrMisaddressedMessagesAreIgnoredWithoutException() {
        // Proves none of these changes the term, the vote, the log or sends anything.
        List<Message> malformed = List.of(
                voteRequest().from(9).to(1).term(7).lastLogIndex(9).lastLogTerm(7).build(),
                appendRequest().from(9).to(1).term(7).prevLogIndex(2).prevLogTerm(1)
                        .entries(entry(3, 7)).leaderCommit(0).build(),
                appendRequest().from(2).to(1).term(7).prevLogIndex(0).prevLogTerm(0)
                        .entries(entry(1, 1), entry(3, 1)).leaderCommit(0).build(),
                appendRequest().from(2).to(1).term(7).prevLogIndex(0).prevLogTerm(0)
                        .entries(entry(2, 1)).leaderCommit(0).build(),
                appendRequest().from(2).to(1).term(7).prevLogIndex(0).prevLogTerm(0)
                        .entries(entry(1, 2), entry(2, 1)).leaderCommit(0).build(),
                appendRequest().from(2).to(1).term(7).prevLogIndex(0).prevLogTerm(0)
                        .entries(entry(1, 8)).leaderCommit(0).build(),
                appendRequest().from(2).to(1).term(7).prevLogIndex(-1).prevLogTerm(0)
                        .leaderCommit(0).build(),
                voteRequest().from(2).to(3).term(7).lastLogIndex(9).lastLogTerm(7).build(),
                voteRequest().from(1).to(1).term(7).lastLogIndex(9).lastLogTerm(7).build(),
                voteRequest().from(2).to(1).term(-1).lastLogIndex(9).lastLogTerm(7).build());
        for (Message message : malformed) {
            CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 2, 1, 1);

            List<Message> sent = assertDoesNotThrow(() -> follower.step(message));

            assertTrue(sent.isEmpty(), message + " answered with " + sent);
            assertEquals(2, follower.core.term(), "term changed by " + message);
            assertEquals(new HardState(2, HardState.NO_VOTE, 0), follower.persistedHardState);
            assertArrayEquals(new long[] {1, 1}, follower.logTerms(), "log changed by " + message);
            assertEquals(0, follower.core.leaderId(), "leader adopted from " + message);
        }
    }

    @Test
    void leaderIgnoresAnAcknowledgementOfEntriesItDoesNotHave() {
        // Proves a bogus matchIndex cannot make the leader commit what no majority stores.
        CoreHarness leader = CoreHarness.fresh(1, CLUSTER);
        leader.electLeader(CLUSTER);

        assertDoesNotThrow(() -> leader.step(leader.accepted(2, 99)));
        assertDoesNotThrow(() -> leader.step(leader.accepted(3, 99)));

        assertEquals(0, leader.progressOf(2).matchIndex());
        assertEquals(0, leader.core.status().commitIndex());
    }
}
