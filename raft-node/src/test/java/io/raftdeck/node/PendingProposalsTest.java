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
        // Proves the bound on waiting proposals holds and callers that gave up are forgotten.
        for (long index = 1; index <= 3; index++) {
            pending.add(index, 1, new CompletableFuture<>());
        }
        assertFalse(pending.hasRoom());
        CompletableFuture<ApplyResult> timedOut = new CompletableFuture<>();
        pending.add(3, 1, timedOut);
        timedOut.cancel(false);
        assertTrue(pending.hasRoom());
    }
}
