package io.raftdeck.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.statemachine.ApplyResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PendingProposalsTest {

    private final PendingProposals pending = new PendingProposals(3);

    private static ProposalException.Reason reasonOf(CompletableFuture<ApplyResult> future) {
        try {
            future.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return ((ProposalException) e.getCause()).reason();
        }
    }

    @Test
    void sameTermAtTheIndexCommitsTheProposal() {
        // Proves a proposal completes when its own (index, term) is applied.
        CompletableFuture<ApplyResult> result = new CompletableFuture<>();
        pending.add(4, 2, result);
        ApplyResult applied = ApplyResult.noop(4, 2);
        pending.applied(Entry.command(4, 2, new byte[] {1}), applied);
        assertEquals(applied, result.join());
        assertEquals(0, pending.size());
    }

    @Test
    void anotherTermAtTheIndexMeansLost() {
        // Proves a proposal fails when a different term's entry is applied at its index.
        CompletableFuture<ApplyResult> result = new CompletableFuture<>();
        pending.add(4, 2, result);
        pending.applied(Entry.noop(4, 3), ApplyResult.noop(4, 3));
        assertEquals(ProposalException.Reason.LEADERSHIP_LOST, reasonOf(result));
    }

    @Test
    void overwrittenOrTruncatedEntriesFailAtOnce() {
        // Proves replacing the log fails proposals overwritten by, or cut off after, new entries.
        CompletableFuture<ApplyResult> kept = new CompletableFuture<>();
        CompletableFuture<ApplyResult> overwritten = new CompletableFuture<>();
        CompletableFuture<ApplyResult> truncated = new CompletableFuture<>();
        pending.add(5, 2, kept);
        pending.add(6, 2, overwritten);
        pending.add(7, 2, truncated);
        pending.logReplaced(List.of(Entry.command(5, 2, new byte[0]), Entry.noop(6, 3)));
        assertFalse(kept.isDone());
        assertEquals(ProposalException.Reason.LEADERSHIP_LOST, reasonOf(overwritten));
        assertEquals(ProposalException.Reason.LEADERSHIP_LOST, reasonOf(truncated));
    }

    @Test
    void abandonedProposalsFreeTheirRoom() {
        // Proves the bound counts every waiting caller and entries whose callers gave up go.
        pending.add(1, 1, new CompletableFuture<>());
        CompletableFuture<ApplyResult> proposal = new CompletableFuture<>();
        CompletableFuture<ApplyResult> retry = new CompletableFuture<>();
        pending.add(2, 1, proposal);
        pending.add(2, 1, retry);
        assertFalse(pending.hasRoom());
        proposal.cancel(false);
        assertFalse(pending.hasRoom(), "a retry still waits for entry 2");
        retry.cancel(false);
        assertTrue(pending.hasRoom());
        assertEquals(1, pending.size());
    }

    @Test
    void retriesAttachedToAnEntryHearItsOutcome() {
        // Proves every caller waiting for one entry gets its result, or its loss, together.
        CompletableFuture<ApplyResult> proposal = new CompletableFuture<>();
        CompletableFuture<ApplyResult> retry = new CompletableFuture<>();
        pending.add(4, 2, proposal);
        pending.add(4, 2, retry);
        ApplyResult applied = ApplyResult.noop(4, 2);
        pending.applied(Entry.command(4, 2, new byte[] {1}), applied);
        assertEquals(applied, proposal.join());
        assertEquals(applied, retry.join());

        CompletableFuture<ApplyResult> lostProposal = new CompletableFuture<>();
        CompletableFuture<ApplyResult> lostRetry = new CompletableFuture<>();
        pending.add(5, 2, lostProposal);
        pending.add(5, 2, lostRetry);
        pending.logReplaced(List.of(Entry.noop(5, 3)));
        assertEquals(ProposalException.Reason.LEADERSHIP_LOST, reasonOf(lostProposal));
        assertEquals(ProposalException.Reason.LEADERSHIP_LOST, reasonOf(lostRetry));
        assertEquals(0, pending.size());
    }

    @Test
    void anotherTermsEntryFoundAtAnIndexEndsTheOldWait() {
        // Proves a caller attached to a newer term's entry at an index fails the older ones.
        CompletableFuture<ApplyResult> old = new CompletableFuture<>();
        CompletableFuture<ApplyResult> attached = new CompletableFuture<>();
        pending.add(6, 2, old);
        pending.add(6, 3, attached);
        assertEquals(ProposalException.Reason.LEADERSHIP_LOST, reasonOf(old));
        assertFalse(attached.isDone());
        assertEquals(1, pending.size());
    }
}
