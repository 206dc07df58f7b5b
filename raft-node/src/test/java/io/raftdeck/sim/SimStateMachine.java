package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.core.Snapshot;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.KeyValueStateMachine;
import io.raftdeck.statemachine.KeyValueStore;
import io.raftdeck.statemachine.RequestOrigin;
import io.raftdeck.statemachine.StoreUsage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state machine a simulated node's loop runs: the node's own {@link KeyValueStore}, watched.
 * Every entry applied is checked (State Machine Safety), so is the store's state after it (a
 * digest, {@link StateDigests}), and every entry is kept in order; a snapshot is
 * that whole sequence of entries rather than the store's bytes, so that a node restored from a
 * snapshot can be compared entry by entry with every other node's history. Restoring rebuilds
 * the store from the entries, so its state is still exactly what they apply to.
 */
final class SimStateMachine implements KeyValueStateMachine {

    private final int nodeId;
    private final SafetyChecker checker;
    /** What this node applied since it started, from index 1 (a snapshot's entries first). */
    private final List<Entry> applied;
    final KeyValueStore store = new KeyValueStore();

    /** A state machine restored from {@code snapshot} ({@link Snapshot#NONE}: empty). */
    SimStateMachine(int nodeId, SafetyChecker checker, List<Entry> applied,
                    Snapshot snapshot) {
        this.nodeId = nodeId;
        this.checker = checker;
        this.applied = applied;
        applied.clear();
        if (!snapshot.isNone()) {
            restore(snapshot.data(), snapshot.index());
        }
    }

    @Override
    public ApplyResult apply(Entry entry) {
        checker.onApply(nodeId, lastApplied(), entry);
        applied.add(entry);
        ApplyResult result = store.apply(entry);
        checker.onState(nodeId, entry.index(), store.snapshot());
        return result;
    }

    @Override
    public long lastApplied() {
        return store.lastApplied();
    }

    @Override
    public byte[] snapshot() {
        return encode(applied);
    }

    @Override
    public void restore(byte[] snapshot, long lastIncludedIndex) {
        List<Entry> restored = decode(snapshot);
        long last = restored.isEmpty() ? 0 : restored.get(restored.size() - 1).index();
        if (last != lastIncludedIndex) {
            throw new IllegalArgumentException("snapshot ends at " + last + ", not at "
                    + lastIncludedIndex);
        }
        applied.clear();
        applied.addAll(restored);
        store.restore(replay(restored).snapshot(), lastIncludedIndex);
        checker.onState(nodeId, lastIncludedIndex, store.snapshot());
    }

    @Override
    public Optional<byte[]> read(String key) {
        return store.read(key);
    }

    @Override
    public Optional<ApplyResult> appliedResult(RequestOrigin origin, ClientRequestId request) {
        return store.appliedResult(origin, request);
    }

    @Override
    public Optional<String> quotaRefusal(byte[] command) {
        return store.quotaRefusal(command);
    }

    @Override
    public StoreUsage usage() {
        return store.usage();
    }

    /** A key/value store that applied {@code entries}, which start at index 1. */
    static KeyValueStore replay(List<Entry> entries) {
        KeyValueStore replayed = new KeyValueStore();
        entries.forEach(replayed::apply);
        return replayed;
    }

    /** The snapshot format: the entries applied, in order. */
    static byte[] encode(List<Entry> applied) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(applied.size());
            for (Entry entry : applied) {
                out.writeLong(entry.index());
                out.writeLong(entry.term());
                out.writeBoolean(entry.type() == EntryType.NOOP);
                out.writeInt(entry.data().length);
                out.write(entry.data());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<Entry> decode(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int count = in.readInt();
            List<Entry> applied = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long index = in.readLong();
                long term = in.readLong();
                EntryType type = in.readBoolean() ? EntryType.NOOP : EntryType.COMMAND;
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                applied.add(new Entry(index, term, type, data));
            }
            return applied;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
