package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import io.raftdeck.storage.RaftStorage;
import io.raftdeck.storage.RecoveredState;
import java.util.List;

/** A node's storage passed through, for a mutation to override the one step it breaks. */
class ForwardingStorage implements RaftStorage {

    final RaftStorage delegate;

    ForwardingStorage(RaftStorage delegate) {
        this.delegate = delegate;
    }

    @Override
    public RecoveredState recover() throws java.io.IOException {
        return delegate.recover();
    }

    @Override
    public boolean save(HardState hardState, List<Entry> entries) {
        return delegate.save(hardState, entries);
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        delegate.saveSnapshot(snapshot);
    }

    @Override
    public void installSnapshot(Snapshot snapshot) {
        delegate.installSnapshot(snapshot);
    }

    @Override
    public void checkIntact() {
        delegate.checkIntact();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
