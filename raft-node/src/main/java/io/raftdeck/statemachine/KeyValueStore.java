package io.raftdeck.statemachine;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The default state machine: a map from string keys to byte values. Entries that are not an
 * encoded {@link KeyValueCommand} (leader no-ops, free text typed by a user, seed
 * ClientRequest strings) change nothing but still advance {@link #lastApplied()}.
 */
public final class KeyValueStore implements StateMachine {

    private final Map<String, byte[]> values = new TreeMap<>();
    private long lastApplied;

    @Override
    public ApplyResult apply(Entry entry) {
        if (entry.index() != lastApplied + 1) {
            throw new IllegalStateException("applied entry " + entry.index() + " after "
                    + lastApplied + ": entries must be applied in order without gaps");
        }
        lastApplied = entry.index();
        Optional<KeyValueCommand> operation = entry.type() == EntryType.COMMAND
                ? KeyValueCommand.decode(entry.data()) : Optional.empty();
        if (operation.isEmpty()) {
            return ApplyResult.noop(entry.index(), entry.term());
        }
        return applyOperation(operation.get(), entry.index(), entry.term());
    }

    private ApplyResult applyOperation(KeyValueCommand operation, long index, long term) {
        if (operation instanceof KeyValueCommand.Put put) {
            boolean replaced = values.put(put.key(), put.value()) != null;
            return new ApplyResult(index, term, replaced, null);
        }
        if (operation instanceof KeyValueCommand.Delete delete) {
            return new ApplyResult(index, term, values.remove(delete.key()) != null, null);
        }
        byte[] value = values.get(operation.key());
        return new ApplyResult(index, term, value != null, value == null ? null : value.clone());
    }

    /** The current value of {@code key} on this node, without going through the log. */
    public Optional<byte[]> read(String key) {
        byte[] value = values.get(key);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    /** Number of keys held. */
    public int size() {
        return values.size();
    }

    @Override
    public long lastApplied() {
        return lastApplied;
    }

    @Override
    public byte[] snapshot() {
        return KeyValueSnapshot.encode(values);
    }

    @Override
    public void restore(byte[] snapshot, long lastIncludedIndex) {
        Map<String, byte[]> restored = KeyValueSnapshot.decode(snapshot);
        values.clear();
        values.putAll(restored);
        lastApplied = lastIncludedIndex;
    }
}
