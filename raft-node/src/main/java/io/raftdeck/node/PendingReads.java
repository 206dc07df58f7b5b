package io.raftdeck.node;

import io.raftdeck.core.ReadState;
import io.raftdeck.node.ProposalException.Reason;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.KeyValueStateMachine;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Linearizable reads waiting on the event loop (Raft thesis §6.4): first for the leader to
 * confirm its leadership (the core's {@link ReadState}), then for the state machine to apply up
 * to the read index. A read not yet confirmed when leadership is lost fails and is retried by
 * the caller; a confirmed one stays valid and is answered once applied.
 */
final class PendingReads {

    private static final class Read {
        final String key;
        final CompletableFuture<ApplyResult> result;
        final long term;
        long readIndex = -1;

        Read(String key, CompletableFuture<ApplyResult> result, long term) {
            this.key = key;
            this.result = result;
            this.term = term;
        }
    }

    private final Map<Long, Read> reads = new LinkedHashMap<>();
    private long lastRequestId;

    long nextRequestId() {
        return ++lastRequestId;
    }

    void add(long requestId, String key, CompletableFuture<ApplyResult> result, long term) {
        reads.put(requestId, new Read(key, result, term));
    }

    void confirmed(ReadState state) {
        Read read = reads.get(state.requestId());
        if (read != null) {
            read.readIndex = state.readIndex();
        }
    }

    /** Answers every confirmed read whose index the state machine has reached. */
    void answer(KeyValueStateMachine stateMachine) {
        Iterator<Read> pending = reads.values().iterator();
        while (pending.hasNext()) {
            Read read = pending.next();
            if (read.readIndex >= 0 && read.readIndex <= stateMachine.lastApplied()) {
                Optional<byte[]> value = stateMachine.read(read.key);
                read.result.complete(new ApplyResult(stateMachine.lastApplied(), read.term,
                        value.isPresent(), value.orElse(null)));
                pending.remove();
            }
        }
    }

    /** Fails unconfirmed reads once this node no longer leads the term they were asked in. */
    void leadershipChanged(boolean leader, long term, int nodeId) {
        Iterator<Read> pending = reads.values().iterator();
        while (pending.hasNext()) {
            Read read = pending.next();
            if (read.readIndex < 0 && (!leader || term != read.term)) {
                read.result.completeExceptionally(new ProposalException(Reason.LEADERSHIP_LOST,
                        "node " + nodeId + " lost leadership before confirming the read"));
                pending.remove();
            }
        }
    }

    void failAll(Throwable cause) {
        reads.values().forEach(read -> read.result.completeExceptionally(cause));
        reads.clear();
    }
}
