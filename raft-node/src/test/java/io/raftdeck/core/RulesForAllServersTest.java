package io.raftdeck.core;

import static io.raftdeck.core.CoreHarness.log;
import static io.raftdeck.core.Messages.appendRequest;
import static io.raftdeck.core.Messages.appendResponse;
import static io.raftdeck.core.Messages.voteRequest;
import static io.raftdeck.core.Messages.voteResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Raft Figure 2, "Rules for Servers / All Servers". */
class RulesForAllServersTest {

    private static final int CLUSTER = 5;

    @Test
    void committedEntriesAreAppliedInOrderExactlyOnce() {
        // "If commitIndex > lastApplied: increment lastApplied, apply log[lastApplied] to state
        // machine"
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 1, 1, 1, 1);
        follower.step(follower.appendFrom(2).term(1).prevLogIndex(3).prevLogTerm(1)
                .leaderCommit(2));
        assertEquals(log(1, 1), follower.applied, "entries 1..2 applied, in order");

        follower.step(follower.appendFrom(2).term(1).prevLogIndex(3).prevLogTerm(1)
                .leaderCommit(3));
        assertEquals(log(1, 1, 1), follower.applied, "entry 3 applied once, 1..2 not again");

        follower.step(follower.appendFrom(2).term(1).prevLogIndex(3).prevLogTerm(1)
                .leaderCommit(3));
        assertEquals(3, follower.applied.size(), "no new commit: nothing more applied");
    }

    @Test
    void anyMessageWithHigherTermMakesALeaderFollowerOfThatTerm() {
        // "If RPC request or response contains term T > currentTerm: set currentTerm = T,
        // convert to follower"
        List<Function<Long, Message>> newerMessages = List.of(
                term -> voteRequest().from(2).to(1).term(term).build(),
                term -> voteResponse().from(2).to(1).term(term).refused().build(),
                term -> appendRequest().from(2).to(1).term(term).build(),
                term -> appendResponse().from(2).to(1).term(term).rejected().build());
        for (Function<Long, Message> newer : newerMessages) {
            CoreHarness leader = CoreHarness.fresh(1, CLUSTER);
            leader.electLeader(CLUSTER);
            long newTerm = leader.core.term() + 3;
            Message message = newer.apply(newTerm);

            leader.step(message);

            assertEquals(Role.FOLLOWER, leader.core.role(), "after " + message);
            assertEquals(newTerm, leader.core.term(), "after " + message);
            assertEquals(newTerm, leader.persistedHardState.term(), "new term is durable");
            assertEquals(HardState.NO_VOTE, leader.persistedHardState.votedFor(),
                    "no vote cast yet in the new term");
        }
    }
}
