package io.raftdeck.storage.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import io.raftdeck.storage.MemoryStorage;
import io.raftdeck.storage.RecoveredState;
import java.util.ArrayList;
import java.util.List;

/**
 * The states a recovery may come back with, tracked beside the storage under test by the
 * in-memory twin: the state after the last call that returned with a sync, and each state
 * after it that a crash could have kept (the commit-only saves, which need no sync, and any
 * prefix of the call the crash or a failed fsync interrupted). Anything else is a lost
 * promise or an invented write.
 */
final class PromisedStates {

    private MemoryStorage model;
    private final List<RecoveredState> allowed = new ArrayList<>();

    PromisedStates(RecoveredState recovered) {
        restartFrom(recovered);
    }

    /** The state now: what the next call is made on. */
    RecoveredState current() {
        return model.recover();
    }

    /** After a recovery: what it returned is on disk now, and all that a crash may keep. */
    void restartFrom(RecoveredState recovered) {
        model = modelOf(recovered);
        allowed.clear();
        allowed.add(recovered);
    }

    /**
     * Applies {@code operation} to the model first: false when the model refuses it (the
     * caller picks another), so the storage under test only gets calls it must accept.
     */
    boolean accepts(StorageOperation operation) {
        try {
            operation.applyTo(model);
            return true;
        } catch (IllegalArgumentException refused) {
            return false;
        }
    }

    /** {@code operation} (already accepted) returned; {@code synced} as the storage said. */
    void returned(boolean synced) {
        if (synced) {
            allowed.clear();
        }
        allowed.add(current());
    }

    /**
     * {@code operation} (already accepted) never returned: any part of it may be on disk, on
     * top of any state allowed before it (the commit-only saves before it need not be).
     */
    void interrupted(StorageOperation operation) {
        for (RecoveredState before : List.copyOf(allowed)) {
            for (RecoveredState after : outcomes(before, operation)) {
                if (!allowed.contains(after)) {
                    allowed.add(after);
                }
            }
        }
    }

    private static List<RecoveredState> outcomes(RecoveredState before,
                                                 StorageOperation operation) {
        List<RecoveredState> outcomes = new ArrayList<>();
        MemoryStorage whole = modelOf(before);
        try {
            operation.applyTo(whole);
        } catch (IllegalArgumentException refused) {
            return outcomes; // not a call a node could make on that state
        }
        outcomes.add(whole.recover());
        if (operation.isSnapshot()) {
            if (operation.replacesLog()) {
                // A crash after the snapshot file was durable but before the WAL said so:
                // recovery records it, as a compaction when the log holds its last entry with
                // its term, keeping the entries after it (Raft section 7 allows either).
                MemoryStorage compacted = modelOf(before);
                try {
                    compacted.saveSnapshot(operation.snapshot());
                    outcomes.add(compacted.recover());
                } catch (IllegalArgumentException notHeld) {
                    // The log does not hold it: recovery installs it as asked.
                }
            }
            return outcomes;
        }
        // The entries go first, the hard state after them, in one write a crash can cut
        // between any two records.
        List<Entry> entries = operation.entries();
        for (int count = 1; count <= entries.size(); count++) {
            MemoryStorage prefix = modelOf(before);
            prefix.save(null, entries.subList(0, count));
            outcomes.add(prefix.recover());
        }
        return outcomes;
    }

    boolean allows(RecoveredState recovered) {
        return allowed.contains(recovered);
    }

    String describe() {
        List<String> states = new ArrayList<>();
        for (RecoveredState state : allowed) {
            states.add(summary(state));
        }
        return String.join("\n  or ", states);
    }

    static String summary(RecoveredState state) {
        List<Entry> entries = state.entries();
        return state.hardState() + ", snapshot " + state.snapshot().index() + "@"
                + state.snapshot().term() + " (" + state.snapshot().data().length
                + " bytes), entries " + (entries.isEmpty() ? "none" : entries.get(0).index()
                + ".." + entries.get(entries.size() - 1).index());
    }

    private static MemoryStorage modelOf(RecoveredState state) {
        MemoryStorage memory = new MemoryStorage();
        Snapshot snapshot = state.snapshot();
        if (!snapshot.isNone()) {
            memory.installSnapshot(snapshot);
        }
        HardState hardState = state.hardState().equals(HardState.INITIAL) ? null
                : state.hardState();
        memory.save(hardState, state.entries());
        return memory;
    }
}
