package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import io.raftdeck.storage.RecoveredState;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node's storage has promised to keep: the hard state, the latest snapshot and the log
 * entries after it, as of the last call that returned (and the recovery before it). It is the
 * checker's record of the node's disk, kept beside the simulated disk the real storage writes
 * ({@link SimStorage}): the Durability check reads the node's durable log here, and a restart
 * checks that the real recovery came back with exactly this, or with what a call cut short by
 * the crash could have left ({@link #checkRecovered}).
 */
final class SimDisk {

    /** A save or snapshot under way: the crash (or failed fsync) came before it returned. */
    private record InFlight(HardState hardState, List<Entry> entries, Snapshot snapshot,
                            boolean replacesLog) {
    }

    HardState hardState = HardState.INITIAL;
    /**
     * The commit index as of the last call that synced: a save that only advances the commit
     * index is not synced (RaftStorage#save), so a crash may take the node back to this one.
     */
    private long syncedCommitIndex;
    Snapshot snapshot = Snapshot.NONE;
    /** The entries after {@code snapshot.index()}, in order. */
    final List<Entry> entries = new ArrayList<>();
    private InFlight inFlight;

    long lastIndex() {
        return snapshot.index() + entries.size();
    }

    /** The entry at {@code index}, which must be after the snapshot and at most lastIndex. */
    Entry entry(long index) {
        return entries.get((int) (index - snapshot.index() - 1));
    }

    /** Whether the entry at {@code index} is held as an entry (not compacted, not missing). */
    boolean holds(long index) {
        return index > snapshot.index() && index <= lastIndex();
    }

    /** The term at {@code index}: the snapshot's for its own index. */
    long term(long index) {
        return index == snapshot.index() ? snapshot.term() : entry(index).term();
    }

    /** A save starts (of a Ready's batch, never changed); it is promised once {@link #saved}. */
    void saving(HardState next, List<Entry> batch) {
        inFlight = new InFlight(next, batch, null, false);
    }

    /** A snapshot starts to be stored; it is promised once {@link #compact}/{@link #install}. */
    void storing(Snapshot stored, boolean replacesLog) {
        inFlight = new InFlight(null, List.of(), stored, replacesLog);
    }

    /** The save returned: it is durable (the commit index only if {@code synced}). */
    void saved(HardState next, List<Entry> batch, boolean synced) {
        inFlight = null;
        if (next != null) {
            hardState = next;
        }
        if (!batch.isEmpty()) {
            long first = batch.get(0).index();
            if (first <= snapshot.index()) {
                throw new IllegalStateException("entry " + first + " rewrites the snapshot at "
                        + snapshot.index());
            }
            entries.subList((int) Math.min(entries.size(), first - snapshot.index() - 1),
                    entries.size()).clear();
            entries.addAll(batch);
        }
        if (synced) {
            syncedCommitIndex = hardState.commitIndex();
        }
    }

    /** A snapshot of this node's own applied state is stored: the entries up to it go. */
    void compact(Snapshot newer) {
        inFlight = null;
        entries.subList(0, (int) (newer.index() - snapshot.index())).clear();
        snapshot = newer;
        syncedCommitIndex = hardState.commitIndex();
    }

    /** A snapshot from the leader is stored in place of the whole log. */
    void install(Snapshot installed) {
        inFlight = null;
        entries.clear();
        snapshot = installed;
        syncedCommitIndex = hardState.commitIndex();
    }

    /** Scenario set-up: the node persisted exactly this. */
    void replace(HardState stored, List<Entry> log) {
        inFlight = null;
        hardState = stored;
        syncedCommitIndex = stored.commitIndex();
        snapshot = Snapshot.NONE;
        entries.clear();
        entries.addAll(log);
    }

    /**
     * Durability across a crash: {@code recovered} must be what was promised, or what the call
     * under way could have left of itself (the old state with a prefix of its records, or the
     * new snapshot), with a commit index no older than the last synced one. Then this record
     * becomes what was recovered, which is what the node's disk holds from now on.
     */
    void checkRecovered(int nodeId, RecoveredState recovered) {
        if (!allows(recovered)) {
            throw new SafetyViolation("Durability: node " + nodeId + " recovered "
                    + describe(recovered.hardState(), recovered.snapshot(), recovered.entries())
                    + " but its storage had promised "
                    + describe(hardState, snapshot, entries) + ", commit at least "
                    + syncedCommitIndex + (inFlight == null ? ""
                    : ", or part of the call under way at the crash: " + inFlight));
        }
        inFlight = null;
        hardState = recovered.hardState();
        syncedCommitIndex = hardState.commitIndex();
        snapshot = recovered.snapshot();
        entries.clear();
        entries.addAll(recovered.entries());
    }

    private boolean allows(RecoveredState recovered) {
        HardState got = recovered.hardState();
        long highestCommit = hardState.commitIndex();
        if (inFlight != null && inFlight.hardState != null) {
            highestCommit = Math.max(highestCommit, inFlight.hardState.commitIndex());
        }
        if (got.commitIndex() < syncedCommitIndex || got.commitIndex() > highestCommit) {
            return false;
        }
        boolean promisedVote = sameVote(got, hardState);
        if (promisedVote && recovered.snapshot().equals(snapshot)
                && recovered.entries().equals(entries)) {
            return true;
        }
        if (inFlight == null) {
            return false;
        }
        if (inFlight.snapshot != null) {
            return promisedVote && allowsSnapshot(recovered);
        }
        boolean newVote = inFlight.hardState != null && sameVote(got, inFlight.hardState);
        return (promisedVote || newVote) && recovered.snapshot().equals(snapshot)
                && allowsPartOfSave(recovered.entries());
    }

    /** The log after a save cut short: the old one, or its start with a prefix of the batch. */
    private boolean allowsPartOfSave(List<Entry> got) {
        if (got.equals(entries)) {
            return true;
        }
        List<Entry> batch = inFlight.entries;
        if (batch.isEmpty()) {
            return false;
        }
        int kept = (int) Math.min(entries.size(), batch.get(0).index() - snapshot.index() - 1);
        if (got.size() <= kept || got.size() > kept + batch.size()) {
            return false;
        }
        return got.subList(0, kept).equals(entries.subList(0, kept))
                && got.subList(kept, got.size()).equals(batch.subList(0, got.size() - kept));
    }

    /**
     * The new snapshot with the entries after it: a compaction keeps them, and so does an
     * install completed at recovery when the log held the snapshot's last entry
     * (DiskStorage#recover cannot tell the two apart, and Raft §7 keeps them then too).
     */
    private boolean allowsSnapshot(RecoveredState recovered) {
        Snapshot stored = inFlight.snapshot;
        if (!recovered.snapshot().equals(stored)) {
            return false;
        }
        List<Entry> after = holds(stored.index()) && term(stored.index()) == stored.term()
                ? entries.subList((int) (stored.index() - snapshot.index()), entries.size())
                : List.of();
        return recovered.entries().equals(after)
                || (inFlight.replacesLog && recovered.entries().isEmpty());
    }

    private static boolean sameVote(HardState a, HardState b) {
        return a.term() == b.term() && a.votedFor() == b.votedFor();
    }

    private static String describe(HardState state, Snapshot after, List<Entry> log) {
        return state + ", snapshot " + after.index() + "@" + after.term() + ", " + log.size()
                + " entries" + (log.isEmpty() ? "" : " (last " + log.get(log.size() - 1) + ")");
    }
}
