package io.raftdeck.storage.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import io.raftdeck.storage.RecoveredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random storage calls of the kinds a Raft node makes, valid against the state they are made
 * on: appends (sometimes large, spanning sectors), a follower's overwrite of its uncommitted
 * suffix, new terms and votes, commit-only advances (the saves allowed to skip the fsync),
 * compactions and installed snapshots.
 */
final class StorageWorkload {

    private final Random random;

    StorageWorkload(Random random) {
        this.random = random;
    }

    StorageOperation next(RecoveredState state) {
        HardState hard = state.hardState();
        long snapshotIndex = state.snapshot().index();
        long lastIndex = state.entries().isEmpty() ? snapshotIndex
                : state.entries().get(state.entries().size() - 1).index();
        long commit = hard.commitIndex();
        int kind = random.nextInt(20);
        if (kind == 0 && commit > snapshotIndex) {
            long index = commit - random.nextInt((int) Math.min(3, commit - snapshotIndex));
            long term = termAt(state, index);
            return StorageOperation.snapshot(snapshot(index, term), false);
        }
        if (kind == 1) {
            long index = Math.max(commit, snapshotIndex + 1) + random.nextInt(4);
            long term = Math.max(hard.term(), 1) + random.nextInt(2);
            return StorageOperation.snapshot(snapshot(index, term), true);
        }
        if (kind < 6 && lastIndex > commit) {
            // A commit-only advance: no fsync needed, so a crash may forget it.
            long newCommit = commit + 1 + random.nextInt((int) (lastIndex - commit));
            return StorageOperation.save(new HardState(hard.term(), hard.votedFor(), newCommit),
                    List.of());
        }
        long term = Math.max(1, hard.term()) + (random.nextInt(6) == 0 ? 1 : 0);
        long first = lastIndex + 1;
        if (random.nextInt(6) == 0 && lastIndex > commit) {
            first = commit + 1 + random.nextInt((int) (lastIndex - commit)); // an overwrite
        }
        List<Entry> entries = entries(first, term, random.nextInt(5));
        long newLast = entries.isEmpty() ? lastIndex : first + entries.size() - 1;
        HardState next = null;
        if (term != hard.term() || random.nextBoolean()) {
            int vote = term != hard.term() ? random.nextInt(4) : hard.votedFor();
            next = new HardState(term, vote, commit + random.nextInt((int) (newLast - commit) + 1));
        }
        return StorageOperation.save(next, entries);
    }

    private List<Entry> entries(long first, long term, int count) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Mostly small, sometimes beyond a sector or two, so a torn write splits a record.
            int size = random.nextInt(8) == 0 ? random.nextInt(1500) : random.nextInt(60);
            byte[] data = new byte[size];
            random.nextBytes(data);
            EntryType type = random.nextInt(10) == 0 ? EntryType.NOOP : EntryType.COMMAND;
            entries.add(new Entry(first + i, term, type, data));
        }
        return entries;
    }

    private Snapshot snapshot(long index, long term) {
        byte[] data = new byte[random.nextInt(8) == 0 ? random.nextInt(2000) : random.nextInt(80)];
        random.nextBytes(data);
        return new Snapshot(index, term, data);
    }

    private static long termAt(RecoveredState state, long index) {
        if (index == state.snapshot().index()) {
            return state.snapshot().term();
        }
        return state.entries().get((int) (index - state.snapshot().index() - 1)).term();
    }
}
