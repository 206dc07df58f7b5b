package io.raftdeck.console.testing;

import io.raftdeck.console.model.LogEntry;
import io.raftdeck.console.model.NodeState;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.ReplicationProgress;
import io.raftdeck.console.model.Role;
import io.raftdeck.console.model.StoreSpace;
import java.util.ArrayList;
import java.util.List;

/** Builds fixed node states for tests: a follower of term 1 unless told otherwise. */
public final class NodeStates {

    private Role role = Role.FOLLOWER;
    private long term = 1;
    private int votedFor;
    private int leaderId;
    private long commitIndex;
    private long lastApplied;
    private long lastLogIndex;
    private long snapshotIndex;
    private long snapshotsInstalled;
    private long electionTimeoutLeftMs = 150;
    private long electionTimeoutMs = 300;
    private List<ReplicationProgress> peers = List.of();
    private List<LogEntry> logTail = List.of();
    private List<Integer> cutLinks = List.of();
    private List<Integer> members = List.of(1, 2, 3, 4, 5);
    private String failure = "";
    private List<Integer> refusedBy = List.of();
    private StoreSpace store = StoreSpace.NONE;
    private long walFsyncP99Us;
    private boolean slowDisk;

    public static NodeStates follower(long term) {
        return new NodeStates().role(Role.FOLLOWER).term(term);
    }

    public static NodeStates leader(long term) {
        return new NodeStates().role(Role.LEADER).term(term);
    }

    public static NodeStates candidate(long term) {
        return new NodeStates().role(Role.CANDIDATE).term(term);
    }

    /** A node that stopped on a failure in {@code term}, saying {@code reason}. */
    public static NodeStates stopped(long term, String reason) {
        NodeStates stopped = new NodeStates().role(Role.STOPPED).term(term);
        stopped.failure = reason;
        return stopped;
    }

    /** The node's store holds {@code bytes} of its {@code quota}, with or without the alarm. */
    public NodeStates store(long bytes, long quota, boolean alarm) {
        store = new StoreSpace(bytes, quota, alarm);
        return this;
    }

    /** Peers that refuse this node: it came back on an emptied data dir. */
    public NodeStates refusedBy(Integer... peers) {
        refusedBy = List.of(peers);
        return this;
    }

    public NodeStates role(Role newRole) {
        role = newRole;
        return this;
    }

    public NodeStates term(long newTerm) {
        term = newTerm;
        return this;
    }

    public NodeStates votedFor(int id) {
        votedFor = id;
        return this;
    }

    public NodeStates leaderId(int id) {
        leaderId = id;
        return this;
    }

    /** Sets commit index and last applied together. */
    public NodeStates commit(long index) {
        commitIndex = index;
        lastApplied = index;
        return this;
    }

    public NodeStates applied(long index) {
        lastApplied = index;
        return this;
    }

    public NodeStates timer(long leftMs, long totalMs) {
        electionTimeoutLeftMs = leftMs;
        electionTimeoutMs = totalMs;
        return this;
    }

    public NodeStates peers(ReplicationProgress... progress) {
        peers = List.of(progress);
        return this;
    }

    /** A contiguous log from index 1 whose entries have the given terms; sets last index. */
    public NodeStates log(long... terms) {
        List<LogEntry> entries = new ArrayList<>();
        for (int position = 0; position < terms.length; position++) {
            entries.add(new LogEntry(position + 1, terms[position], "cmd" + (position + 1)));
        }
        logTail = entries;
        lastLogIndex = terms.length;
        return this;
    }

    public NodeStates tail(List<LogEntry> entries, long newLastLogIndex) {
        logTail = entries;
        lastLogIndex = newLastLogIndex;
        return this;
    }

    public NodeStates cut(Integer... peerIds) {
        cutLinks = List.of(peerIds);
        return this;
    }

    public NodeStates snapshot(long index) {
        snapshotIndex = index;
        return this;
    }

    /** A snapshot at {@code index} that the node installed from the leader (its n-th). */
    public NodeStates installedSnapshot(long index, long installs) {
        snapshotIndex = index;
        snapshotsInstalled = installs;
        return this;
    }

    /** The node reports a slow disk: its WAL fsync p99 is {@code p99Us} microseconds. */
    public NodeStates slowDisk(long p99Us) {
        walFsyncP99Us = p99Us;
        slowDisk = true;
        return this;
    }

    public NodeStates members(Integer... ids) {
        members = List.of(ids);
        return this;
    }

    public NodeState build() {
        long lastTerm = logTail.isEmpty() ? 0 : logTail.get(logTail.size() - 1).term();
        long first = logTail.isEmpty() ? 1 : logTail.get(0).index();
        return new NodeState(role, term, votedFor, leaderId, commitIndex, lastApplied,
                lastLogIndex, lastTerm, first, snapshotIndex, snapshotsInstalled,
                electionTimeoutLeftMs, electionTimeoutMs, peers,
                logTail, cutLinks, members, true, failure, refusedBy, List.of(), store,
                walFsyncP99Us, slowDisk);
    }

    /** A node at 127.0.0.1:500{id} that answered with this state. */
    public NodeView view(int id) {
        NodeState state = build();
        boolean isolated = !state.cutLinks().isEmpty() && state.cutLinks().containsAll(
                state.members().stream().filter(member -> member != id).toList());
        return NodeView.answering(id, address(id), state, isolated);
    }

    public static String address(int id) {
        return "127.0.0.1:500" + id;
    }
}
