package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Message;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Snapshot;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.ClientRequestId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the Raft safety properties (Figure 3 of the paper) as the simulation runs, each at the
 * moment the data it speaks of changes, so every step is checked at a cost that does not grow
 * with the log:
 * <ul>
 *   <li>Election Safety: at most one leader per term;</li>
 *   <li>Log Matching: two logs holding an entry with the same index and term agree on it and on
 *       the term of the entry before it (by induction, on the whole prefix);</li>
 *   <li>Leader Completeness: a new leader holds every entry committed before its term;</li>
 *   <li>State Machine Safety: no two nodes apply different entries at one index, and each node
 *       applies strictly in index order;</li>
 *   <li>State digest: every node that applied or restored index i holds the same whole
 *       state machine state after it ({@link StateDigests});</li>
 *   <li>Durability: no node ever overwrites a committed entry on its disk, and none votes or
 *       acknowledges entries before its storage promised to keep the vote and the entries
 *       (Raft persists before it responds).</li>
 *   <li>Snapshots: a snapshot's (index, term) is a committed entry's, and a snapshot installed
 *       from a leader holds exactly the committed entries up to its index.</li>
 *   <li>Acknowledged writes: every write a node answered is committed at the index and term
 *       it named, exactly once ({@link AcknowledgedWrites}).</li>
 * </ul>
 */
final class SafetyChecker {

    private record EntryKey(long index, long term) {
    }

    private record EntryShape(Entry entry, long previousTerm) {
    }

    private final Map<Long, Integer> leaderByTerm = new HashMap<>();
    private final Map<EntryKey, EntryShape> entriesSeen = new HashMap<>();
    /** Entries known committed, by index: any node applied them. */
    private final TreeMap<Long, Entry> committed = new TreeMap<>();
    private final StateDigests stateDigests = new StateDigests();
    final AcknowledgedWrites acknowledgedWrites = new AcknowledgedWrites();
    long leadersElected;

    /**
     * Election Safety and Leader Completeness, checked whenever a node is seen as leader
     * ({@code snapshot} is the one its log starts after). Returns true the first time this
     * leader of this term is seen.
     */
    boolean observeLeader(int nodeId, long term, RaftCore core, Snapshot snapshot) {
        Integer known = leaderByTerm.putIfAbsent(term, nodeId);
        if (known == null) {
            leadersElected++;
            checkLeaderCompleteness(nodeId, term, core, snapshot);
            return true;
        }
        if (known != nodeId) {
            throw new SafetyViolation("Election Safety: nodes " + known + " and " + nodeId
                    + " are both leader in term " + term);
        }
        return false;
    }

    /**
     * Entries up to the leader's snapshot are in it: the snapshot was checked when it was made,
     * and here its last entry is checked against what committed. The rest must be in its log.
     */
    private void checkLeaderCompleteness(int nodeId, long term, RaftCore core,
                                         Snapshot snapshot) {
        checkSnapshotPosition(nodeId, snapshot);
        long first = snapshot.index() + 1;
        List<Entry> log = core.entries(first, Long.MAX_VALUE);
        for (Entry entry : committed.tailMap(first).values()) {
            long offset = entry.index() - first;
            if (offset >= log.size() || !log.get((int) offset).equals(entry)) {
                throw new SafetyViolation("Leader Completeness: node " + nodeId + " leads term "
                        + term + " without committed " + entry);
            }
        }
    }

    /** A snapshot a node took of its own applied state. */
    void onSnapshot(int nodeId, Snapshot snapshot) {
        checkSnapshotPosition(nodeId, snapshot);
    }

    /**
     * A snapshot a node installs from a leader: its position is a committed entry's, and the
     * state it restores is exactly the committed entries up to it, which are committed from
     * now on even if no node applied them one by one.
     */
    void onInstall(int nodeId, Snapshot snapshot, List<Entry> restored) {
        checkSnapshotPosition(nodeId, snapshot);
        long expected = 1;
        for (Entry entry : restored) {
            if (entry.index() != expected++) {
                throw new SafetyViolation("node " + nodeId + " installs " + snapshot
                        + " whose state skips to " + entry);
            }
            Entry known = committed.putIfAbsent(entry.index(), entry);
            if (known != null && !known.equals(entry)) {
                throw new SafetyViolation("State Machine Safety: node " + nodeId + " restores "
                        + entry + " from " + snapshot + " where " + known + " was applied");
            }
            if (known == null) {
                acknowledgedWrites.committed(entry);
            }
        }
        Entry last = restored.isEmpty() ? null : restored.get(restored.size() - 1);
        if (last == null || last.index() != snapshot.index() || last.term() != snapshot.term()) {
            throw new SafetyViolation("node " + nodeId + " installs " + snapshot
                    + " whose state ends at " + last);
        }
    }

    private void checkSnapshotPosition(int nodeId, Snapshot snapshot) {
        if (snapshot.isNone()) {
            return;
        }
        Entry known = committed.get(snapshot.index());
        if (known == null || known.term() != snapshot.term()) {
            throw new SafetyViolation("node " + nodeId + " holds " + snapshot + " but "
                    + (known == null ? "nothing" : known) + " committed at its index");
        }
    }

    /** Log Matching and Durability, checked on what a node is about to persist. */
    void beforePersist(int nodeId, SimDisk disk, List<Entry> entries) {
        for (Entry entry : entries) {
            long previousTerm = previousTerm(entry, disk, entries);
            EntryShape shape = new EntryShape(entry, previousTerm);
            EntryShape known = entriesSeen.putIfAbsent(new EntryKey(entry.index(), entry.term()),
                    shape);
            if (known != null && !known.equals(shape)) {
                throw new SafetyViolation("Log Matching: node " + nodeId + " stores " + entry
                        + " after term " + previousTerm + " but another log has " + known.entry
                        + " after term " + known.previousTerm);
            }
            // A stale leader may append at an index that committed elsewhere; what must never
            // happen is a disk that held the committed entry replacing it.
            Entry committedEntry = committed.get(entry.index());
            boolean diskHeldIt = disk.holds(entry.index())
                    && disk.entry(entry.index()).equals(committedEntry);
            if (diskHeldIt && !committedEntry.equals(entry)) {
                throw new SafetyViolation("Durability: node " + nodeId + " overwrites committed "
                        + committedEntry + " with " + entry);
            }
        }
    }

    /**
     * Persist before responding, checked on every message a node sends: a vote it grants is
     * on its disk (that term, that candidate), and so is the log up to the index it tells a
     * leader it matches. A pre-vote promises nothing.
     */
    void beforeSend(int nodeId, SimDisk disk, Message message) {
        HardState durable = disk.hardState;
        if (message instanceof Message.VoteResponse vote && vote.granted() && !vote.preVote()
                && (durable.term() < vote.term()
                || (durable.term() == vote.term() && durable.votedFor() != vote.to()))) {
            throw new SafetyViolation("Durability: node " + nodeId + " grants its vote in term "
                    + vote.term() + " to node " + vote.to() + " before its storage kept it ("
                    + durable + ")");
        }
        if (message instanceof Message.AppendResponse append && append.success()
                && (append.matchIndex() > disk.lastIndex() || durable.term() < append.term())) {
            throw new SafetyViolation("Durability: node " + nodeId + " acknowledges index "
                    + append.matchIndex() + " in term " + append.term() + " but its storage kept"
                    + " only up to " + disk.lastIndex() + " (" + durable + ")");
        }
    }

    private static long previousTerm(Entry entry, SimDisk disk, List<Entry> entries) {
        long previous = entry.index() - 1;
        if (previous == 0) {
            return 0;
        }
        for (Entry candidate : entries) {
            if (candidate.index() == previous) {
                return candidate.term();
            }
        }
        return disk.term(previous);
    }

    /** State Machine Safety, checked on every entry a node applies. */
    void onApply(int nodeId, long lastAppliedIndex, Entry entry) {
        if (entry.index() != lastAppliedIndex + 1) {
            throw new SafetyViolation("node " + nodeId + " applied " + entry + " after index "
                    + lastAppliedIndex);
        }
        Entry known = committed.putIfAbsent(entry.index(), entry);
        if (known != null && !known.equals(entry)) {
            throw new SafetyViolation("State Machine Safety: node " + nodeId + " applied " + entry
                    + " where " + known + " was applied");
        }
        if (known == null) {
            acknowledgedWrites.committed(entry);
        }
    }

    /** The state digest, checked on a node's whole state after each index it reaches. */
    void onState(int nodeId, long index, byte[] state) {
        stateDigests.observe(nodeId, index, state);
    }

    /**
     * Node {@code nodeId} answered the write of {@code command}, proposed with identity
     * {@code request} (null: none), with {@code result}.
     */
    void onAnswer(int nodeId, byte[] command, ClientRequestId request, ApplyResult result) {
        acknowledgedWrites.answered(nodeId, command, request, result,
                committed.get(result.index()));
    }

    /** At the end of a run: every answered write committed, exactly once. */
    void checkAcknowledgedWrites() {
        acknowledgedWrites.checkExactlyOnce(new ArrayList<>(committed.values()));
    }

    long committedCount() {
        return committed.size();
    }

    Entry committedAt(long index) {
        return committed.get(index);
    }
}
