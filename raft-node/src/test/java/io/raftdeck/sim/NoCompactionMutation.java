package io.raftdeck.sim;

import io.raftdeck.statemachine.KeyValueStateMachine;

/**
 * A node that stops compacting its log, for the bounded-memory check: its state machine keeps
 * reporting the index it was restored at as the last applied one, so the loop never sees the
 * snapshot threshold reached and holds every applied entry in memory.
 */
final class NoCompactionMutation implements SimMutation {

    @Override
    public NodeWiring wire(int nodeId, SimStorage storage, SimStateMachine stateMachine) {
        return new NodeWiring(storage, new StaleProgress(stateMachine));
    }

    private static final class StaleProgress extends ForwardingStateMachine {
        private long reportedApplied;

        StaleProgress(KeyValueStateMachine delegate) {
            super(delegate);
            this.reportedApplied = delegate.lastApplied();
        }

        @Override
        public long lastApplied() {
            return reportedApplied;
        }

        @Override
        public void restore(byte[] snapshot, long lastIncludedIndex) {
            super.restore(snapshot, lastIncludedIndex);
            reportedApplied = lastIncludedIndex;
        }
    }
}
