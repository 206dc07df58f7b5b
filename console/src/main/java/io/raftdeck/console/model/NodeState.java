package io.raftdeck.console.model;

import java.util.List;
import java.util.Objects;

/**
 * What a node reported in its latest status answer. Only ever attached to a node that answered
 * (see {@link NodeView}), so every number here is live.
 *
 * @param votedFor  0 when the node has not voted in this term
 * @param snapshotIndex last index covered by the node's newest snapshot (0 when none);
 *                  entries up to it are no longer in its log
 * @param snapshotsInstalled leader snapshots the node installed since it started
 * @param leaderId  0 when the node knows no leader
 * @param cutLinks  peers this node's transport drops messages to and from, ascending
 * @param members   every member of the configuration, this node included, ascending
 * @param failure   why a STOPPED node stopped; empty for every other role
 * @param refusedBy peers that refuse this node because it came back without its data (an
 *                  emptied or replaced data dir), ascending; it does not count as a member
 * @param refusedMembers peers this node refuses for that reason, ascending
 * @param store     how full the node's store is, and its NOSPACE alarm
 * @param walFsyncP99Us the node's WAL fsync p99 over the last minute, in microseconds
 *                  (0 before its first fsync)
 * @param slowDisk  whether that p99 passes 10 ms, the node's slow-disk warning
 */
public record NodeState(
        Role role,
        long term,
        int votedFor,
        int leaderId,
        long commitIndex,
        long lastApplied,
        long lastLogIndex,
        long lastLogTerm,
        long firstLogIndex,
        long snapshotIndex,
        long snapshotsInstalled,
        long electionTimeoutLeftMs,
        long electionTimeoutMs,
        List<ReplicationProgress> peers,
        List<LogEntry> logTail,
        List<Integer> cutLinks,
        List<Integer> members,
        boolean faultsAllowed,
        String failure,
        List<Integer> refusedBy,
        List<Integer> refusedMembers,
        StoreSpace store,
        long walFsyncP99Us,
        boolean slowDisk) {

    public NodeState {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(role, "role");
        failure = failure == null ? "" : failure;
        peers = List.copyOf(peers);
        logTail = List.copyOf(logTail);
        cutLinks = List.copyOf(cutLinks);
        members = List.copyOf(members);
        refusedBy = List.copyOf(refusedBy);
        refusedMembers = List.copyOf(refusedMembers);
    }

    /** The tail entry at {@code index}, or null when the tail does not hold it. */
    public LogEntry entryAt(long index) {
        if (logTail.isEmpty()) {
            return null;
        }
        long first = logTail.get(0).index();
        int position = (int) (index - first);
        if (index < first || position >= logTail.size()) {
            return null;
        }
        LogEntry entry = logTail.get(position);
        // The tail is contiguous by contract; fall back to a search if a node breaks that.
        if (entry.index() == index) {
            return entry;
        }
        return logTail.stream().filter(candidate -> candidate.index() == index)
                .findFirst().orElse(null);
    }
}
