package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.statemachine.ApplyResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Mutation (c): a leader that answers a client once the request's entry is on its own disk,
 * before the entry committed and applied, with the answer a write would get. The loop's own
 * answer comes later and finds the caller already answered.
 */
final class AnswerBeforeApplyMutation implements SimMutation {

    private record Waiting(long term, CompletableFuture<ApplyResult> caller) {
    }

    @Override
    public NodeWiring wire(int nodeId, SimStorage storage, SimStateMachine stateMachine) {
        Map<Long, Waiting> waiting = new HashMap<>();
        ForwardingStorage answering = new ForwardingStorage(storage) {
            @Override
            public boolean save(HardState hardState, List<Entry> entries) {
                boolean synced = super.save(hardState, entries);
                for (Entry entry : entries) {
                    Waiting request = waiting.remove(entry.index());
                    if (request != null && request.term() == entry.term()) {
                        request.caller().complete(
                                new ApplyResult(entry.index(), entry.term(), false, null));
                    }
                }
                return synced;
            }
        };
        return new NodeWiring(answering, stateMachine) {
            @Override
            void proposed(long index, long term, CompletableFuture<ApplyResult> caller) {
                waiting.put(index, new Waiting(term, caller));
            }
        };
    }
}
