package io.raftdeck.statemachine;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The default state machine: a map from string keys to byte values, plus the tables that make
 * stamped requests apply exactly once ({@link StampedCommand}): the client sessions
 * ({@link ClientSessions}) and the recent requests numbered by the node that received them
 * ({@link RecentRequests}).
 * Entries that are not an encoded {@link KeyValueCommand} (leader no-ops, free text typed by a
 * user, seed ClientRequest strings) change no key but still advance {@link #lastApplied()}.
 */
public final class KeyValueStore implements KeyValueStateMachine {

    private final Map<String, byte[]> values = new TreeMap<>();
    private ClientSessions sessions = new ClientSessions();
    private RecentRequests recentRequests = new RecentRequests();
    private long lastApplied;

    @Override
    public ApplyResult apply(Entry entry) {
        if (entry.index() != lastApplied + 1) {
            throw new IllegalStateException("applied entry " + entry.index() + " after "
                    + lastApplied + ": entries must be applied in order without gaps");
        }
        lastApplied = entry.index();
        // Every entry moves log time on, so what expires does at the same entry everywhere.
        sessions.expire(entry.index());
        recentRequests.expire(entry.index());
        if (entry.type() != EntryType.COMMAND) {
            return ApplyResult.noop(entry.index(), entry.term());
        }
        Optional<StampedCommand> stamped = StampedCommand.decode(entry.data());
        if (stamped.isEmpty()) {
            return applyCommand(entry.data(), entry.index(), entry.term());
        }
        StampedCommand command = stamped.get();
        Supplier<ApplyResult> operation =
                () -> applyCommand(command.command(), entry.index(), entry.term());
        return switch (command.origin()) {
            case SESSION -> sessions.apply(command.request(), entry.index(), entry.term(),
                    operation);
            case RECEIVING_NODE -> recentRequests.apply(command.request(), entry.index(),
                    entry.term(), operation);
        };
    }

    /**
     * The first result of a stamped request that already applied, if this state machine still
     * remembers it: what a retry of it is answered with (the leader's retry cache asks).
     */
    @Override
    public Optional<ApplyResult> appliedResult(RequestOrigin origin, ClientRequestId request) {
        return switch (origin) {
            case SESSION -> sessions.result(request);
            case RECEIVING_NODE -> recentRequests.result(request);
        };
    }

    private ApplyResult applyCommand(byte[] command, long index, long term) {
        Optional<KeyValueCommand> operation = KeyValueCommand.decode(command);
        if (operation.isEmpty()) {
            return ApplyResult.noop(index, term);
        }
        return applyOperation(operation.get(), index, term);
    }

    private ApplyResult applyOperation(KeyValueCommand operation, long index, long term) {
        if (operation instanceof KeyValueCommand.Put put) {
            boolean replaced = values.put(put.key(), put.value()) != null;
            return new ApplyResult(index, term, replaced, null);
        }
        if (operation instanceof KeyValueCommand.Cas cas) {
            return compareAndSet(cas, index, term);
        }
        if (operation instanceof KeyValueCommand.Delete delete) {
            return new ApplyResult(index, term, values.remove(delete.key()) != null, null);
        }
        byte[] value = values.get(operation.key());
        return new ApplyResult(index, term, value != null, value == null ? null : value.clone());
    }

    /** Swaps iff the key holds the expected value (or is absent, when that is expected). */
    private ApplyResult compareAndSet(KeyValueCommand.Cas cas, long index, long term) {
        byte[] current = values.get(cas.key());
        boolean matches = cas.expectAbsent() ? current == null
                : current != null && Arrays.equals(current, cas.expected());
        if (matches) {
            values.put(cas.key(), cas.value());
            return new ApplyResult(index, term, true, null);
        }
        return new ApplyResult(index, term, false, current == null ? null : current.clone());
    }

    /** The current value of {@code key} on this node, without going through the log. */
    @Override
    public Optional<byte[]> read(String key) {
        byte[] value = values.get(key);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    /** Number of keys held. */
    public int size() {
        return values.size();
    }

    /** The client session table, for inspection; it changes only by applying entries. */
    public ClientSessions sessions() {
        return sessions;
    }

    /** Number of requests without a session remembered as applied. */
    public int recentRequestCount() {
        return recentRequests.size();
    }

    @Override
    public long lastApplied() {
        return lastApplied;
    }

    @Override
    public byte[] snapshot() {
        return KeyValueSnapshot.encode(values, sessions.sessions(), recentRequests.results());
    }

    @Override
    public void restore(byte[] snapshot, long lastIncludedIndex) {
        KeyValueSnapshot.Contents restored = KeyValueSnapshot.decode(snapshot);
        if (restored.sessions().latestActivityIndex() > lastIncludedIndex
                || restored.recentRequests().latestIndex() > lastIncludedIndex) {
            throw new IllegalArgumentException("snapshot has request results after its last"
                    + " included index " + lastIncludedIndex);
        }
        values.clear();
        values.putAll(restored.values());
        sessions = restored.sessions();
        recentRequests = restored.recentRequests();
        lastApplied = lastIncludedIndex;
    }
}
