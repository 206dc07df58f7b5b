package io.raftdeck.core;

import static io.raftdeck.core.CoreHarness.entry;
import static io.raftdeck.core.CoreHarness.log;
import static io.raftdeck.core.CoreHarness.single;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.AppendResponse;
import org.junit.jupiter.api.Test;

/** Raft Figure 2, "AppendEntries RPC / Receiver implementation". */
class AppendEntriesReceiverTest {

    private static final int CLUSTER = 5;

    @Test
    void appendOfAnOlderTermIsRefusedAndChangesNothing() {
        // "1. Reply false if term < currentTerm (§5.1)"
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 3, 1, 1);

        AppendResponse response = single(AppendResponse.class,
                follower.step(follower.appendFrom(2).term(2).prevLogIndex(2).prevLogTerm(1)
                        .entries(entry(3, 2)).leaderCommit(3)));

        assertFalse(response.success());
        assertEquals(3, response.term(), "the reply carries the newer term");
        assertArrayEquals(new long[] {1, 1}, follower.logTerms());
        assertEquals(0, follower.core.leaderId(), "a stale leader is not adopted");
        assertEquals(0, follower.core.status().commitIndex());
    }

    @Test
    void appendIsRefusedUnlessTheEntryAtPrevLogIndexHasPrevLogTerm() {
        // "2. Reply false if log doesn't contain an entry at prevLogIndex whose term matches
        // prevLogTerm (§5.3)"
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 3, 1, 1, 2);

        assertFalse(single(AppendResponse.class,
                follower.step(follower.appendFrom(2).term(3).prevLogIndex(3).prevLogTerm(3)
                        .entries(entry(4, 3)).leaderCommit(0))).success(),
                "term at index 3 is 2, not 3");
        assertFalse(single(AppendResponse.class,
                follower.step(follower.appendFrom(2).term(3).prevLogIndex(5).prevLogTerm(3)
                        .entries(entry(6, 3)).leaderCommit(0))).success(),
                "no entry at index 5");
        assertArrayEquals(new long[] {1, 1, 2}, follower.logTerms(), "nothing appended");

        assertTrue(single(AppendResponse.class,
                follower.step(follower.appendFrom(2).term(3).prevLogIndex(3).prevLogTerm(2)
                        .entries(entry(4, 3)).leaderCommit(0))).success());
        assertArrayEquals(new long[] {1, 1, 2, 3}, follower.logTerms());
    }

    @Test
    void conflictingEntryIsDeletedWithEverythingAfterIt() {
        // "3. If an existing entry conflicts with a new one (same index but different terms),
        // delete the existing entry and all that follow it (§5.3)"
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 3, 1, 1, 2, 2, 2);

        follower.step(follower.appendFrom(2).term(3).prevLogIndex(2).prevLogTerm(1)
                .entries(entry(3, 3)).leaderCommit(0));

        assertArrayEquals(new long[] {1, 1, 3}, follower.logTerms());
        assertEquals(log(1, 1).get(1), follower.disk.get(1));
        assertEquals(entry(3, 3), follower.disk.get(2));
        assertEquals(3, follower.disk.size(), "the conflicting tail is gone from disk too");
    }

    @Test
    void appendOfEntriesAlreadyHeldDoesNotTruncateTheLog() {
        // "3. If an existing entry conflicts with a new one ... delete the existing entry and
        // all that follow it" — only on a conflict: a delayed, shorter append must not truncate
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 1, 1, 1, 1, 1);

        AppendResponse response = single(AppendResponse.class,
                follower.step(follower.appendFrom(2).term(1).prevLogIndex(0).prevLogTerm(0)
                        .entries(entry(1, 1), entry(2, 1)).leaderCommit(0)));

        assertTrue(response.success());
        assertEquals(2, response.matchIndex(), "only what this append proved matches");
        assertArrayEquals(new long[] {1, 1, 1, 1}, follower.logTerms());
    }

    @Test
    void newEntriesAreAppendedAndPersisted() {
        // "4. Append any new entries not already in the log"
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 2, 1, 1);

        AppendResponse response = single(AppendResponse.class, follower.step(
                follower.appendFrom(2).term(2).prevLogIndex(1).prevLogTerm(1)
                        .entries(entry(2, 1), entry(3, 2), entry(4, 2)).leaderCommit(0)));

        assertTrue(response.success());
        assertEquals(4, response.matchIndex());
        assertArrayEquals(new long[] {1, 1, 2, 2}, follower.logTerms());
        assertEquals(follower.log(), follower.disk);
    }

    @Test
    void commitIndexFollowsTheLeaderOnlyUpToTheLastEntryThisAppendVerified() {
        // "5. If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last
        // new entry)"
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 2, 1, 1, 1, 1, 1);

        follower.step(follower.appendFrom(2).term(2).prevLogIndex(2).prevLogTerm(1)
                .leaderCommit(5));
        assertEquals(2, follower.core.status().commitIndex(),
                "entries 3..5 may differ from the leader's: not committed by this heartbeat");
        assertEquals(log(1, 1), follower.applied);

        follower.step(follower.appendFrom(2).term(2).prevLogIndex(2).prevLogTerm(1)
                .entries(entry(3, 1)).leaderCommit(5));
        assertEquals(3, follower.core.status().commitIndex());

        follower.step(follower.appendFrom(2).term(2).prevLogIndex(3).prevLogTerm(1)
                .leaderCommit(2));
        assertEquals(3, follower.core.status().commitIndex(), "commitIndex never goes back");
    }
}
