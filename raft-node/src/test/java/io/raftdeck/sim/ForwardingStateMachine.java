package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.KeyValueStateMachine;
import io.raftdeck.statemachine.RequestOrigin;
import io.raftdeck.statemachine.StoreUsage;
import java.util.Optional;

/** A node's state machine passed through, for a mutation to override the step it breaks. */
class ForwardingStateMachine implements KeyValueStateMachine {

    final KeyValueStateMachine delegate;

    ForwardingStateMachine(KeyValueStateMachine delegate) {
        this.delegate = delegate;
    }

    @Override
    public ApplyResult apply(Entry entry) {
        return delegate.apply(entry);
    }

    @Override
    public long lastApplied() {
        return delegate.lastApplied();
    }

    @Override
    public byte[] snapshot() {
        return delegate.snapshot();
    }

    @Override
    public void restore(byte[] snapshot, long lastIncludedIndex) {
        delegate.restore(snapshot, lastIncludedIndex);
    }

    @Override
    public Optional<byte[]> read(String key) {
        return delegate.read(key);
    }

    @Override
    public Optional<ApplyResult> appliedResult(RequestOrigin origin, ClientRequestId request) {
        return delegate.appliedResult(origin, request);
    }

    @Override
    public Optional<String> quotaRefusal(byte[] command) {
        return delegate.quotaRefusal(command);
    }

    @Override
    public StoreUsage usage() {
        return delegate.usage();
    }
}
