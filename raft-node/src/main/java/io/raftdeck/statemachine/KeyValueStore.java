package io.raftdeck.statemachine;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
    private final StoreQuota quota = new StoreQuota();
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
        OptionalLong newQuota = QuotaCommand.decode(entry.data());
        if (newQuota.isPresent()) {
            quota.setQuota(newQuota.getAsLong());
            return ApplyResult.noop(entry.index(), entry.term());
        }
        Optional<StampedCommand> stamped = StampedCommand.decode(entry.data());
        if (stamped.isEmpty()) {
            return applyCommand(entry.data(), entry.index(), entry.term());
        }
        StampedCommand command = stamped.get();
        Optional<KeyValueCommand> decoded = KeyValueCommand.decode(command.command());
        // A repeat gets its first result even from a full store; a new request that would
        // grow the store past its quota is refused before it touches the session tables, so
        // a retry once space is freed applies it.
        if (decoded.isPresent()
                && appliedResult(command.origin(), command.request()).isEmpty()) {
            Optional<String> refusal = quota.refusal(growth(decoded.get()));
            if (refusal.isPresent()) {
                return refusedForSpace(refusal.get(), entry.index(), entry.term());
            }
        }
        Supplier<ApplyResult> operation = () -> decoded
                .map(kv -> applyOperation(kv, entry.index(), entry.term()))
                .orElseGet(() -> ApplyResult.noop(entry.index(), entry.term()));
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

    /**
     * Why {@code command} (a proposal's bytes, stamped or not) would be refused for space if it
     * applied now, if it would: the leader's early refusal, before proposing (etcd's). The
     * check at apply decides; this one keeps the log free of writes that cannot apply.
     */
    @Override
    public Optional<String> quotaRefusal(byte[] command) {
        byte[] operation = StampedCommand.decode(command).map(StampedCommand::command)
                .orElse(command);
        return KeyValueCommand.decode(operation).flatMap(kv -> quota.refusal(growth(kv)));
    }

    @Override
    public StoreUsage usage() {
        return new StoreUsage(quota.sizeBytes(), quota.quotaBytes(), quota.alarm());
    }

    private ApplyResult applyCommand(byte[] command, long index, long term) {
        Optional<KeyValueCommand> operation = KeyValueCommand.decode(command);
        if (operation.isEmpty()) {
            return ApplyResult.noop(index, term);
        }
        Optional<String> refusal = quota.refusal(growth(operation.get()));
        if (refusal.isPresent()) {
            return refusedForSpace(refusal.get(), index, term);
        }
        return applyOperation(operation.get(), index, term);
    }

    private ApplyResult refusedForSpace(String refusal, long index, long term) {
        quota.raiseAlarm();
        return ApplyResult.noSpace(index, term, refusal);
    }

    /** How many bytes applying {@code operation} now would add to the store (0 or less: none). */
    private long growth(KeyValueCommand operation) {
        int valueBytes;
        if (operation instanceof KeyValueCommand.Put put) {
            valueBytes = put.valueBytes();
        } else if (operation instanceof KeyValueCommand.Cas cas && swaps(cas)) {
            valueBytes = cas.valueBytes();
        } else {
            return 0;
        }
        byte[] current = values.get(operation.key());
        return current == null ? StoreQuota.entryBytes(operation.key(), valueBytes)
                : valueBytes - current.length;
    }

    private ApplyResult applyOperation(KeyValueCommand operation, long index, long term) {
        if (operation instanceof KeyValueCommand.Put put) {
            boolean replaced = store(put.key(), put.value());
            return new ApplyResult(index, term, replaced, null);
        }
        if (operation instanceof KeyValueCommand.Cas cas) {
            return compareAndSet(cas, index, term);
        }
        if (operation instanceof KeyValueCommand.Delete delete) {
            byte[] removed = values.remove(delete.key());
            if (removed != null) {
                quota.changed(-StoreQuota.entryBytes(delete.key(), removed.length));
            }
            return new ApplyResult(index, term, removed != null, null);
        }
        byte[] value = values.get(operation.key());
        return new ApplyResult(index, term, value != null, value == null ? null : value.clone());
    }

    /** Sets {@code key}, keeping the store's size; returns whether a value was replaced. */
    private boolean store(String key, byte[] value) {
        byte[] previous = values.put(key, value);
        quota.changed(previous == null ? StoreQuota.entryBytes(key, value.length)
                : value.length - previous.length);
        return previous != null;
    }

    /** Swaps iff the key holds the expected value (or is absent, when that is expected). */
    private ApplyResult compareAndSet(KeyValueCommand.Cas cas, long index, long term) {
        if (swaps(cas)) {
            store(cas.key(), cas.value());
            return new ApplyResult(index, term, true, null);
        }
        byte[] current = values.get(cas.key());
        return new ApplyResult(index, term, false, current == null ? null : current.clone());
    }

    private boolean swaps(KeyValueCommand.Cas cas) {
        byte[] current = values.get(cas.key());
        return cas.expectAbsent() ? current == null
                : current != null && Arrays.equals(current, cas.expected());
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
        return KeyValueSnapshot.encode(values, sessions.sessions(), recentRequests.results(),
                quota);
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
        long size = 0;
        for (Map.Entry<String, byte[]> kept : values.entrySet()) {
            size += StoreQuota.entryBytes(kept.getKey(), kept.getValue().length);
        }
        quota.restore(restored.quotaBytes(), size, restored.alarm());
        sessions = restored.sessions();
        recentRequests = restored.recentRequests();
        lastApplied = lastIncludedIndex;
    }
}
