package io.raftdeck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.ProposeResult.Refusal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A leader bounds the entries of its term that have not committed
 * ({@link RaftCore#MAX_UNCOMMITTED_BYTES}, etcd's MaxUncommittedEntriesSize): followers that
 * fall behind slow clients down instead of growing the leader's log without end.
 */
class UncommittedLimitTest {

    private static final int CLUSTER = 3;
    /** A command this size and its entry's header make exactly one MiB. */
    private static final byte[] MIB_ENTRY = new byte[(1 << 20) - Entry.command(1, 1,
            new byte[0]).sizeBytes()];

    @Test
    void leaderRefusesProposalsOnceItsUncommittedEntriesReachTheLimit() {
        CoreHarness leader = leaderWithCommittedNoop();
        long fitting = RaftCore.MAX_UNCOMMITTED_BYTES >> 20;
        for (long i = 0; i < fitting; i++) {
            assertTrue(leader.core.propose(MIB_ENTRY).accepted(), "proposal " + (i + 1));
            leader.drain();
        }

        ProposeResult refused = leader.core.propose(MIB_ENTRY);

        assertEquals(Refusal.UNCOMMITTED_LIMIT, refused.refusal());
        assertEquals(1, refused.leaderId());
        assertEquals(1 + fitting, leader.core.status().lastLogIndex(), "nothing appended");
        assertEquals(Refusal.UNCOMMITTED_LIMIT, leader.core.propose(new byte[0]).refusal(),
                "a small entry does not fit either: the limit is on bytes held");
    }

    @Test
    void committingFreesRoomAgain() {
        CoreHarness leader = leaderWithCommittedNoop();
        long fitting = RaftCore.MAX_UNCOMMITTED_BYTES >> 20;
        for (long i = 0; i < fitting; i++) {
            leader.core.propose(MIB_ENTRY);
            leader.drain();
        }
        assertEquals(Refusal.UNCOMMITTED_LIMIT, leader.core.propose(MIB_ENTRY).refusal());

        leader.step(leader.accepted(2, 1 + fitting / 2));

        assertEquals(1 + fitting / 2, leader.core.status().commitIndex());
        for (long i = 0; i < fitting / 2; i++) {
            assertTrue(leader.core.propose(MIB_ENTRY).accepted(), "room freed by the commit");
            leader.drain();
        }
        assertEquals(Refusal.UNCOMMITTED_LIMIT, leader.core.propose(MIB_ENTRY).refusal());
    }

    @Test
    void anEmptyTailTakesOneEntryLargerThanTheLimit() {
        CoreHarness leader = leaderWithCommittedNoop();
        byte[] huge = new byte[(int) RaftCore.MAX_UNCOMMITTED_BYTES + 1];

        assertTrue(leader.core.propose(huge).accepted(),
                "the largest command a node accepts must always be writable");
        leader.drain();
        assertEquals(Refusal.UNCOMMITTED_LIMIT, leader.core.propose(new byte[1]).refusal());
    }

    @Test
    void entriesInheritedFromAnEarlierTermDoNotCount() {
        // Three MiB-sized entries of term 1 that never committed; the new leader of term 2
        // did not accept them, and they commit or go with its own no-op.
        CoreHarness leader = CoreHarness.recovered(1, CLUSTER, new HardState(1, 0, 0),
                List.of(Entry.command(1, 1, MIB_ENTRY), Entry.command(2, 1, MIB_ENTRY),
                        Entry.command(3, 1, MIB_ENTRY)));
        leader.electLeader(CLUSTER);
        long fitting = RaftCore.MAX_UNCOMMITTED_BYTES >> 20;
        for (long i = 0; i < fitting - 1; i++) {
            assertTrue(leader.core.propose(MIB_ENTRY).accepted(), "proposal " + (i + 1));
            leader.drain();
        }
    }

    private static CoreHarness leaderWithCommittedNoop() {
        CoreHarness leader = CoreHarness.fresh(1, CLUSTER);
        leader.electLeader(CLUSTER);
        leader.step(leader.accepted(2, 1));
        assertEquals(1, leader.core.status().commitIndex());
        return leader;
    }
}
