package io.raftdeck.core;

import static io.raftdeck.core.Messages.appendRequest;
import static io.raftdeck.core.Messages.appendResponse;
import static io.raftdeck.core.Messages.voteRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.events.AppendAccepted;
import io.raftdeck.core.events.AppendRejected;
import io.raftdeck.core.events.AppendRejection;
import io.raftdeck.core.events.CommitAdvanced;
import io.raftdeck.core.events.ElectionTimerFired;
import io.raftdeck.core.events.ElectionTimerReset;
import io.raftdeck.core.events.EventSink;
import io.raftdeck.core.events.RaftEvent;
import io.raftdeck.core.events.RoleChanged;
import io.raftdeck.core.events.VoteDecided;
import io.raftdeck.core.events.VoteRefusal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The core says why: each rule that decides a vote, an append or a commit names itself. */
class EventReasonsTest {

    /** Records every event; {@code listening} false proves nothing is built without it. */
    private static final class Recorder implements EventSink {
        final List<RaftEvent> events = new ArrayList<>();
        boolean listening = true;

        @Override
        public boolean listening() {
            return listening;
        }

        @Override
        public void emit(RaftEvent event) {
            assertTrue(listening, "an event was built while nobody listened: " + event);
            events.add(event);
        }

        <T extends RaftEvent> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends RaftEvent> T last(Class<T> type) {
            List<T> all = of(type);
            assertFalse(all.isEmpty(), "no " + type.getSimpleName() + " in " + events);
            return all.get(all.size() - 1);
        }
    }

    private static Recorder watch(CoreHarness node) {
        Recorder recorder = new Recorder();
        node.core.reportTo(recorder);
        return recorder;
    }

    @Test
    void refusalNamesTheVoteAlreadyCast() {
        CoreHarness voter = CoreHarness.withLog(2, 5, 3, 1, 3);
        Recorder events = watch(voter);
        voter.step(voteRequest().from(3).to(2).term(4).lastLogIndex(2).lastLogTerm(3));
        voter.step(voteRequest().from(5).to(2).term(4).lastLogIndex(2).lastLogTerm(3));

        List<VoteDecided> votes = events.of(VoteDecided.class);
        assertTrue(votes.get(0).granted());
        VoteDecided refused = votes.get(1);
        assertEquals(VoteRefusal.ALREADY_VOTED, refused.reason());
        assertEquals("node 2 refused vote of node 5 in term 4: already voted for 3 in term 4",
                refused.describe(2));
        ElectionTimerReset reset = events.last(ElectionTimerReset.class);
        assertEquals(3, reset.peer());
        assertEquals("node 2 election timer reset by vote granted to 3 in term 4",
                reset.describe(2));
    }

    @Test
    void refusalNamesAStaleTerm() {
        CoreHarness voter = CoreHarness.withLog(2, 5, 7, 1);
        Recorder events = watch(voter);
        voter.step(voteRequest().from(5).to(2).term(6).lastLogIndex(9).lastLogTerm(6));

        VoteDecided refused = events.last(VoteDecided.class);
        assertEquals(VoteRefusal.STALE_TERM, refused.reason());
        assertEquals("stale term 6 < our 7", refused.why());
    }

    @Test
    void refusalComparesTheLogs() {
        CoreHarness voter = CoreHarness.withLog(2, 5, 3, 1, 3);
        Recorder events = watch(voter);
        voter.step(voteRequest().from(4).to(2).term(4).lastLogIndex(5).lastLogTerm(1));

        VoteDecided refused = events.last(VoteDecided.class);
        assertEquals(VoteRefusal.LOG_BEHIND, refused.reason());
        assertEquals("candidate's log behind ours (its last 5/1 vs ours 2/3)", refused.why());
    }

    @Test
    void preVoteRefusalNamesTheLeaderHeardWithinTheLease() {
        CoreHarness voter = CoreHarness.recovered(CoreHarness.productionConfig(2, 5),
                new HardState(3, HardState.NO_VOTE, 0), CoreHarness.log(1, 3));
        Recorder events = watch(voter);
        voter.step(appendRequest().from(3).to(2).term(3).prevLogIndex(2).prevLogTerm(3));
        voter.step(voteRequest().from(4).to(2).term(4).lastLogIndex(2).lastLogTerm(3)
                .preVote());

        VoteDecided refused = events.last(VoteDecided.class);
        assertEquals(VoteRefusal.LEADER_LEASE, refused.reason());
        assertEquals("node 2 refused pre-vote of node 4 in term 4: leader 3 heard within"
                + " the lease", refused.describe(2));
        RoleChanged follows = events.last(RoleChanged.class);
        assertEquals(3, follows.leader());
        assertEquals("node 2 follows leader 3 in term 3: append from leader 3",
                follows.describe(2));
    }

    @Test
    void appendRejectionsCarryTheHint() {
        CoreHarness follower = CoreHarness.withLog(2, 3, 3, 1, 1, 2);
        Recorder events = watch(follower);
        follower.step(appendRequest().from(1).to(2).term(3).prevLogIndex(6).prevLogTerm(3));
        AppendRejected shorter = events.last(AppendRejected.class);
        assertEquals(AppendRejection.LOG_SHORTER, shorter.reason());
        assertEquals("node 2 rejected append from 1 at prev 6/3: our log ends at 3, retry"
                + " from 4", shorter.describe(2));

        follower.step(appendRequest().from(1).to(2).term(3).prevLogIndex(3).prevLogTerm(3));
        AppendRejected mismatch = events.last(AppendRejected.class);
        assertEquals(AppendRejection.TERM_MISMATCH, mismatch.reason());
        assertEquals("we hold 3/2, conflict from 3/2", mismatch.why());

        follower.step(appendRequest().from(1).to(2).term(2).prevLogIndex(3).prevLogTerm(2));
        assertEquals(AppendRejection.STALE_TERM, events.last(AppendRejected.class).reason());
        assertEquals("stale term 2 < our 3", events.last(AppendRejected.class).why());

        follower.step(appendRequest().from(1).to(2).term(3).prevLogIndex(2).prevLogTerm(1)
                .entries(CoreHarness.entry(3, 3)).leaderCommit(3));
        AppendAccepted accepted = events.last(AppendAccepted.class);
        assertEquals(3, accepted.matchIndex());
        CommitAdvanced commit = events.last(CommitAdvanced.class);
        assertEquals("node 2 commit 3 (was 0, from leader 1)", commit.describe(2));
    }

    @Test
    void leaderCommitNamesTheAcknowledgementsOfItsQuorum() {
        CoreHarness leader = CoreHarness.fresh(1, 5);
        Recorder events = watch(leader);
        leader.electLeader(5);
        long term = leader.core.term();
        leader.step(appendResponse().from(4).to(1).term(term).success().matchIndex(1));
        assertTrue(events.of(CommitAdvanced.class).isEmpty(), "two of five hold it");
        leader.step(appendResponse().from(2).to(1).term(term).success().matchIndex(1));

        assertEquals("leader 1 commit 1 (acks 1,2,4)",
                events.last(CommitAdvanced.class).describe(1));
        RoleChanged won = events.last(RoleChanged.class);
        assertEquals(Role.LEADER, won.role());
        assertEquals("node 1 is leader of term " + term + ": won the election, last vote"
                + " from 3", won.describe(1));
    }

    @Test
    void aLeaderElectedBeforeTheSinkWasGivenReportsToIt() {
        // The node may attach its sink to a core that already leads (a single-member cluster
        // wins at once): the leader's commits must reach the sink given later.
        CoreHarness leader = CoreHarness.fresh(1, 3);
        leader.electLeader(3);
        Recorder events = watch(leader);
        leader.propose("late");
        leader.step(appendResponse().from(2).to(1).term(leader.core.term()).success()
                .matchIndex(2));
        assertEquals("leader 1 commit 2 (acks 1,2)",
                events.last(CommitAdvanced.class).describe(1));
    }

    @Test
    void timerFiringStartsTheElectionItNames() {
        CoreHarness follower = CoreHarness.fresh(1, 3);
        Recorder events = watch(follower);
        follower.tickUntilCandidate();

        ElectionTimerFired fired = events.last(ElectionTimerFired.class);
        assertTrue(fired.describe(1).endsWith("starts an election for term 1"),
                fired.describe(1));
        RoleChanged candidate = events.last(RoleChanged.class);
        assertEquals("node 1 follower → candidate in term 1 (was term 0): election timer fired",
                candidate.describe(1));
    }

    @Test
    void aNewerTermNamesTheNodeThatBroughtIt() {
        CoreHarness follower = CoreHarness.withLog(1, 3, 4, 1);
        Recorder events = watch(follower);
        follower.step(voteRequest().from(2).to(1).term(5).lastLogIndex(1).lastLogTerm(1));
        RoleChanged changed = events.of(RoleChanged.class).get(0);
        assertEquals("node 1 follower in term 5, no leader (was term 4): newer term from node 2",
                changed.describe(1));
    }

    @Test
    void nothingIsBuiltWhileNobodyListens() {
        CoreHarness leader = CoreHarness.fresh(1, 3);
        Recorder events = watch(leader);
        events.listening = false;
        leader.electLeader(3);
        leader.propose("x");
        leader.step(appendResponse().from(2).to(1).term(leader.core.term()).success().matchIndex(2));
        leader.step(voteRequest().from(3).to(1).term(0).lastLogIndex(0).lastLogTerm(0));
        assertTrue(events.events.isEmpty());
    }
}
