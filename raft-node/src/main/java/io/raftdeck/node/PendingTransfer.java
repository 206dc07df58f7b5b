package io.raftdeck.node;

import io.raftdeck.core.RaftStatus;
import io.raftdeck.core.Role;
import java.util.concurrent.CompletableFuture;

/**
 * A leadership transfer this node started, watched after every event-loop turn until the
 * target leads (success), leadership goes elsewhere, or the core abandons it.
 */
final class PendingTransfer {

    private final int target;
    private final CompletableFuture<TransferOutcome> result;

    PendingTransfer(int target, CompletableFuture<TransferOutcome> result) {
        this.target = target;
        this.result = result;
    }

    /** Returns true once the transfer is over, one way or the other. */
    boolean check(RaftStatus status) {
        if (status.role() == Role.LEADER) {
            if (status.transferTarget() == target) {
                return false;
            }
            result.completeExceptionally(new IllegalStateException("transfer to node " + target
                    + " abandoned: it did not take over within an election timeout"));
            return true;
        }
        if (status.leaderId() == target) {
            result.complete(new TransferOutcome(target, status.term()));
            return true;
        }
        if (status.leaderId() != 0) {
            result.completeExceptionally(new IllegalStateException("leadership went to node "
                    + status.leaderId() + " instead of node " + target));
            return true;
        }
        return false; // stepped down; the new leader is not known yet
    }

    void fail(Throwable cause) {
        result.completeExceptionally(cause);
    }
}
