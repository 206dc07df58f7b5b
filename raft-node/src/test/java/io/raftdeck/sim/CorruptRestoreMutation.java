package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.statemachine.KeyValueCommand;
import io.raftdeck.statemachine.KeyValueStateMachine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A node whose restore from a leader's snapshot does not rebuild what applying built, for the
 * state digest check: the state machine restores the snapshot with its last command replaced,
 * while the storage keeps the leader's bytes, so every entry-level check still sees the right
 * entries and only the state differs.
 */
final class CorruptRestoreMutation implements SimMutation {

    @Override
    public NodeWiring wire(int nodeId, SimStorage storage, SimStateMachine stateMachine) {
        return new NodeWiring(storage, new CorruptingRestore(stateMachine));
    }

    private static final class CorruptingRestore extends ForwardingStateMachine {
        CorruptingRestore(KeyValueStateMachine delegate) {
            super(delegate);
        }

        @Override
        public void restore(byte[] snapshot, long lastIncludedIndex) {
            List<Entry> entries = new ArrayList<>(SimStateMachine.decode(snapshot));
            for (int i = entries.size() - 1; i >= 0; i--) {
                Entry entry = entries.get(i);
                if (entry.type() == EntryType.COMMAND) {
                    byte[] other = new KeyValueCommand.Put("k0",
                            "corrupted".getBytes(StandardCharsets.UTF_8)).encode();
                    entries.set(i, new Entry(entry.index(), entry.term(), entry.type(), other));
                    break;
                }
            }
            super.restore(SimStateMachine.encode(entries), lastIncludedIndex);
        }
    }
}
