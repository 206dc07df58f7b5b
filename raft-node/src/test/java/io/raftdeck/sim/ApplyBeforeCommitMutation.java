package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.KeyValueStateMachine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutation (b): a node that applies an entry as soon as it stores it, before it is committed.
 * Its storage hands every entry it saves to the state machine at once; the loop's own apply of
 * that index later gets the early result, as if applying had happened then.
 */
final class ApplyBeforeCommitMutation implements SimMutation {

    @Override
    public NodeWiring wire(int nodeId, SimStorage storage, SimStateMachine stateMachine) {
        EarlyApplier early = new EarlyApplier(stateMachine);
        return new NodeWiring(new ForwardingStorage(storage) {
            @Override
            public boolean save(HardState hardState, List<Entry> entries) {
                boolean synced = super.save(hardState, entries);
                early.stored(entries);
                return synced;
            }
        }, early);
    }

    /** The state machine, applied ahead of the commit index. */
    private static final class EarlyApplier extends ForwardingStateMachine {
        private final Map<Long, ApplyResult> resultsAhead = new HashMap<>();

        EarlyApplier(KeyValueStateMachine delegate) {
            super(delegate);
        }

        /** Applies whatever was stored next to what applied: committed or not. */
        void stored(List<Entry> entries) {
            for (Entry entry : entries) {
                if (entry.index() == delegate.lastApplied() + 1) {
                    resultsAhead.put(entry.index(), delegate.apply(entry));
                }
            }
        }

        @Override
        public ApplyResult apply(Entry entry) {
            ApplyResult ahead = resultsAhead.remove(entry.index());
            if (ahead != null) {
                return ahead;
            }
            return entry.index() <= delegate.lastApplied()
                    ? ApplyResult.noop(entry.index(), entry.term()) : delegate.apply(entry);
        }

        @Override
        public void restore(byte[] snapshot, long lastIncludedIndex) {
            resultsAhead.clear();
            delegate.restore(snapshot, lastIncludedIndex);
        }
    }
}
