package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import io.raftdeck.storage.RaftStorage;
import java.util.ArrayList;
import java.util.List;

/**
 * Mutation (a): a node whose votes and acknowledgements leave before its write is durable. Its
 * storage returns from a save at once and makes the save durable only when the loop's turn
 * ends, after the loop sent what waited for it; a crash in between (see {@link
 * SimCluster#crashAfterAcknowledging}) loses a write that the node's peers were promised.
 */
final class AcknowledgeBeforeSyncMutation implements SimMutation {

    private record Save(HardState hardState, List<Entry> entries) {
    }

    @Override
    public NodeWiring wire(int nodeId, SimStorage storage, SimStateMachine stateMachine) {
        List<Save> notDurable = new ArrayList<>();
        ForwardingStorage later = new ForwardingStorage(storage) {
            @Override
            public boolean save(HardState hardState, List<Entry> entries) {
                notDurable.add(new Save(hardState, List.copyOf(entries)));
                return true;
            }

            @Override
            public void saveSnapshot(Snapshot snapshot) {
                makeDurable(notDurable, delegate);
                super.saveSnapshot(snapshot);
            }

            @Override
            public void installSnapshot(Snapshot snapshot) {
                makeDurable(notDurable, delegate);
                super.installSnapshot(snapshot);
            }
        };
        return new NodeWiring(later, stateMachine) {
            @Override
            void turnEnded() {
                makeDurable(notDurable, storage);
            }
        };
    }

    private static void makeDurable(List<Save> notDurable, RaftStorage disk) {
        for (Save save : notDurable) {
            disk.save(save.hardState(), save.entries());
        }
        notDurable.clear();
    }
}
