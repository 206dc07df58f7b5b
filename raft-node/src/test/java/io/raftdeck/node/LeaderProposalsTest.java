package io.raftdeck.node;

import static io.raftdeck.core.Messages.appendRequest;
import static io.raftdeck.core.Messages.appendResponse;
import static io.raftdeck.core.Messages.voteResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.RaftConfig;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Ready;
import io.raftdeck.core.Role;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.KeyValueCommand;
import io.raftdeck.statemachine.KeyValueStore;
import io.raftdeck.statemachine.QuotaCommand;
import io.raftdeck.statemachine.StampedCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The leader's retry cache, on a real core of a three-node cluster driven by hand: a repeat of
 * a request waits for its entry or gets its result, and is never appended a second time.
 */
class LeaderProposalsTest {

    private static final int SELF = 1;
    private static final int PEER = 2;

    private static final StampedCommand INHERITED = StampedCommand.ofReceivingNode(
            new ClientRequestId(0xfeed, 1), "seed text".getBytes(StandardCharsets.UTF_8));
    private static final StampedCommand PUT = StampedCommand.ofSession(
            new ClientRequestId(0xc1, 1), new KeyValueCommand.Put("k", new byte[] {7}).encode());

    private final KeyValueStore store = new KeyValueStore();
    private RaftCore core;
    private LeaderProposals proposals;

    /**
     * Node 1 recovered with {@link #INHERITED} appended at index 1 in term 1 by an earlier
     * leader and never committed, then elected leader of term 2 (a no-op at index 2).
     */
    private void electedWithAnInheritedTail() {
        RaftConfig config = new RaftConfig(SELF, Set.of(1, 2, 3), 10, 20, 2, 64, 1 << 20);
        core = new RaftCore(config, new Random(1), new HardState(1, HardState.NO_VOTE, 0),
                List.of(Entry.command(1, 1, INHERITED.encode())));
        proposals = new LeaderProposals(core, store, 16);
        for (int tick = 0; tick < 40 && core.role() != Role.CANDIDATE; tick++) {
            core.tick();
            handleReadies();
        }
        core.step(voteResponse().from(PEER).to(SELF).term(core.term()).granted().build());
        handleReadies();
        assertEquals(Role.LEADER, core.role());
        assertEquals(2, core.status().lastLogIndex());
    }

    /** The caller's side of each Ready, in the order a node handles it. */
    private void handleReadies() {
        while (core.hasReady()) {
            Ready ready = core.ready();
            proposals.logReplaced(ready.entries());
            for (Entry entry : ready.committedEntries()) {
                proposals.applied(entry, store.apply(entry));
            }
            core.advance(ready);
        }
        proposals.settleLeadership();
    }

    /** The peer acknowledges the whole log: a majority, so everything commits. */
    private void peerAcknowledgesEverything() {
        long last = core.status().lastLogIndex();
        core.step(appendResponse().from(PEER).to(SELF).term(core.term()).success()
                .matchIndex(last).lastLogIndex(last).build());
        handleReadies();
    }

    private CompletableFuture<ApplyResult> propose(StampedCommand request) {
        CompletableFuture<ApplyResult> caller = new CompletableFuture<>();
        proposals.propose(request.encode(), request, caller);
        handleReadies();
        return caller;
    }

    @Test
    void aRetryOfAnEntryInheritedFromAnEarlierTermWaitsForItInsteadOfAppending() {
        // Proves a new leader knows the requests in its uncommitted tail from earlier terms.
        electedWithAnInheritedTail();
        CompletableFuture<ApplyResult> retry = propose(INHERITED);
        assertEquals(2, core.status().lastLogIndex(), "no second entry");
        assertFalse(retry.isDone());
        peerAcknowledgesEverything();
        assertEquals(1, retry.join().index());
        assertEquals(1, retry.join().term());
    }

    @Test
    void aRetryOfAPendingEntryGetsTheOneResultOfThatEntry() {
        // Proves a repeat of a request still in the log attaches to it: one entry, one answer.
        electedWithAnInheritedTail();
        CompletableFuture<ApplyResult> first = propose(PUT);
        CompletableFuture<ApplyResult> repeat = propose(PUT);
        assertEquals(3, core.status().lastLogIndex(), "one entry for both");
        peerAcknowledgesEverything();
        assertEquals(3, first.join().index());
        assertEquals(first.join(), repeat.join());
    }

    @Test
    void aRetryOfAnAppliedRequestGetsItsStoredResultWithoutAnEntry() {
        // Proves a repeat of a request that applied is answered from the state machine.
        electedWithAnInheritedTail();
        CompletableFuture<ApplyResult> first = propose(PUT);
        peerAcknowledgesEverything();
        ApplyResult result = first.join();
        long lastBefore = core.status().lastLogIndex();
        CompletableFuture<ApplyResult> repeat = propose(PUT);
        assertTrue(repeat.isDone(), "answered at once");
        assertEquals(result, repeat.join());
        assertEquals(lastBefore, core.status().lastLogIndex(), "no entry for the repeat");
    }

    @Test
    void aLeaderThatStepsDownFailsItsWaitingCallersAtOnceAsOutcomeUnknown() {
        // Proves callers hear "outcome unknown" when leadership is lost, not at their deadline.
        electedWithAnInheritedTail();
        CompletableFuture<ApplyResult> waiting = propose(PUT);
        CompletableFuture<ApplyResult> attached = propose(INHERITED);
        core.step(appendRequest().from(3).to(SELF).term(core.term() + 1).build());
        handleReadies();
        for (CompletableFuture<ApplyResult> caller : List.of(waiting, attached)) {
            ProposalException lost = failure(caller);
            assertEquals(ProposalException.Reason.OUTCOME_UNKNOWN, lost.reason());
            assertTrue(lost.getMessage().startsWith("outcome unknown: leadership lost"),
                    lost.getMessage());
        }
        assertEquals(0, proposals.waitingCallers());
    }

    @Test
    void aRequestProposedToAFollowerIsRefusedAsNotLeader() {
        // Proves a follower neither appends nor answers from its state: it names the leader.
        electedWithAnInheritedTail();
        core.step(appendRequest().from(3).to(SELF).term(core.term() + 1).build());
        handleReadies();
        assertEquals(ProposalException.Reason.NOT_LEADER, failure(propose(PUT)).reason());
    }

    @Test
    void aLeaderWhoseUncommittedEntriesAreAtTheLimitRefusesAsOverloaded() {
        // Proves the core's bound on uncommitted entries reaches the caller as a reason to
        // try again (OVERLOADED), not as "not the leader", which would send it elsewhere.
        electedWithAnInheritedTail();
        byte[] large = new byte[(int) (RaftCore.MAX_UNCOMMITTED_BYTES / 2) - 100];
        for (int i = 0; i < 2; i++) {
            CompletableFuture<ApplyResult> caller = new CompletableFuture<>();
            proposals.propose(large, null, caller);
            handleReadies();
            assertFalse(caller.isDone(), "appended and waiting to commit");
        }
        CompletableFuture<ApplyResult> refused = new CompletableFuture<>();
        proposals.propose(large, null, refused);

        ProposalException overloaded = failure(refused);
        assertEquals(ProposalException.Reason.OVERLOADED, overloaded.reason());
        assertTrue(overloaded.getMessage().contains("64 MiB of writes not yet committed"),
                overloaded.getMessage());
        assertEquals(4, core.status().lastLogIndex(), "the refused write is in no log");
    }

    @Test
    void onceTheNoSpaceAlarmIsRaisedAWriteThatDoesNotFitIsRefusedBeforeProposing() {
        // Proves the first write past the quota goes through the log (its refusal at apply
        // raises the alarm on every node), and later ones are refused as NO_SPACE without an
        // entry, while a delete is still proposed.
        electedWithAnInheritedTail();
        CompletableFuture<ApplyResult> quota = new CompletableFuture<>();
        proposals.propose(QuotaCommand.encode(200), null, quota);
        handleReadies();
        peerAcknowledgesEverything();
        assertEquals(200, store.usage().quotaBytes());

        CompletableFuture<ApplyResult> first = propose(StampedCommand.ofSession(
                new ClientRequestId(0xc1, 1), new KeyValueCommand.Put("k", new byte[300])
                        .encode()));
        peerAcknowledgesEverything();
        assertTrue(first.join().noSpace(), "refused at apply");
        assertTrue(store.usage().alarm());
        long lastIndex = core.status().lastLogIndex();

        ProposalException refused = failure(propose(StampedCommand.ofSession(
                new ClientRequestId(0xc1, 2), new KeyValueCommand.Put("k", new byte[300])
                        .encode())));
        assertEquals(ProposalException.Reason.NO_SPACE, refused.reason());
        assertTrue(refused.getMessage().startsWith("the store holds 0 B of its 200 B quota"),
                refused.getMessage());
        assertEquals(lastIndex, core.status().lastLogIndex(), "the refused write is in no log");
        propose(StampedCommand.ofSession(new ClientRequestId(0xc1, 3),
                new KeyValueCommand.Delete("k").encode()));
        assertEquals(lastIndex + 1, core.status().lastLogIndex(), "a delete is proposed");
    }

    private static ProposalException failure(CompletableFuture<ApplyResult> caller) {
        try {
            caller.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return (ProposalException) e.getCause();
        }
    }
}
