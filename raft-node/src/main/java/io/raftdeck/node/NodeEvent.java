package io.raftdeck.node;

import io.raftdeck.core.Entry;
import io.raftdeck.core.Message;
import io.raftdeck.core.Snapshot;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.StampedCommand;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What other threads hand a node's event loop through its inbox. */
sealed interface NodeEvent {

    /** A message from a peer, already validated by the transport. */
    record Deliver(Message message) implements NodeEvent {
    }

    /**
     * A command to append if this node leads; completes once applied (or known lost).
     *
     * @param stamp the request {@code command} encodes, which the retry cache looks up first;
     *              null for a command without one
     */
    record Propose(byte[] command, StampedCommand stamp, CompletableFuture<ApplyResult> result)
            implements NodeEvent {
    }

    /** The whole log, for the seed GetLog call. */
    record ReadLog(CompletableFuture<List<Entry>> result) implements NodeEvent {
    }

    /** This node's current value of a key, without going through the log (may be stale). */
    record ReadLocal(String key, CompletableFuture<ApplyResult> result)
            implements NodeEvent {
    }

    /** A linearizable read of a key, confirmed through the leader's read index. */
    record ReadIndex(String key, CompletableFuture<ApplyResult> result) implements NodeEvent {
    }

    /** The transport lost an established connection to {@code peer}. */
    record PeerUnreachable(int peer) implements NodeEvent {
    }

    /** Hand leadership to {@code target}. */
    record Transfer(int target, CompletableFuture<TransferOutcome> result) implements NodeEvent {
    }

    /** A snapshot of the state machine as applied now, if this node leads (for backups). */
    record TakeSnapshot(CompletableFuture<Snapshot> result) implements NodeEvent {
    }

    /** Fails the event's waiting future, if it has one. */
    default void fail(Throwable cause) {
        if (this instanceof Propose propose) {
            propose.result.completeExceptionally(cause);
        } else if (this instanceof ReadLog readLog) {
            readLog.result.completeExceptionally(cause);
        } else if (this instanceof ReadLocal readLocal) {
            readLocal.result.completeExceptionally(cause);
        } else if (this instanceof ReadIndex readIndex) {
            readIndex.result.completeExceptionally(cause);
        } else if (this instanceof Transfer transfer) {
            transfer.result.completeExceptionally(cause);
        } else if (this instanceof TakeSnapshot takeSnapshot) {
            takeSnapshot.result.completeExceptionally(cause);
        }
    }
}
