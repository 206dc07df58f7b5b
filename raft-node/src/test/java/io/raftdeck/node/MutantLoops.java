package io.raftdeck.node;

import io.raftdeck.core.Message;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Snapshot;
import io.raftdeck.statemachine.KeyValueStateMachine;
import io.raftdeck.storage.RaftStorage;
import io.raftdeck.transport.LinkFilter;
import java.util.List;
import java.util.function.Consumer;

/**
 * Test-only access to the one mutation of the node loop's own code that no collaborator can
 * make, for the simulator's mutation tests (package {@code sim}): a leader that never finds a
 * retry in its retry cache.
 */
public final class MutantLoops {

    private MutantLoops() {
    }

    /** A {@link NodeLoop} as its public constructor builds it, but without a retry cache. */
    public static NodeLoop withoutRetryCache(RaftCore core, RaftStorage storage,
            KeyValueStateMachine stateMachine, Snapshot recoveredSnapshot,
            int snapshotThresholdEntries, Consumer<List<Message>> transport, LinkFilter links,
            int tickMs, NodeClock clock, int maxWaitingCallers) {
        return new NodeLoop(core, storage, stateMachine, recoveredSnapshot,
                snapshotThresholdEntries, transport, links, tickMs, clock, maxWaitingCallers,
                NodeConfig.DEFAULT_QUOTA_BYTES, false);
    }
}
