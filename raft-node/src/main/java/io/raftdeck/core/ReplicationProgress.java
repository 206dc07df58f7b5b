package io.raftdeck.core;

import java.util.ArrayDeque;

/**
 * A leader's replication state for one follower (Raft Figure 2: nextIndex, matchIndex), plus
 * flow control. In PROBE the leader does not know where the follower's log matches, so it sends
 * one AppendEntries at a time; once one succeeds it switches to REPLICATE and pipelines
 * appends, at most {@link #MAX_INFLIGHT_APPENDS} unacknowledged at once. In SNAPSHOT the
 * follower needs entries the leader has compacted away (Raft §7): a snapshot is on its way and
 * nothing else is sent but heartbeats until the follower acknowledges the snapshot's index, or
 * {@link #SNAPSHOT_RETRY_HEARTBEATS} heartbeats pass and the leader tries again.
 */
final class ReplicationProgress {

    /** Upper bound on unacknowledged AppendEntries messages to one follower. */
    static final int MAX_INFLIGHT_APPENDS = 64;

    /**
     * Heartbeats a snapshot may take before the leader sends it again: a snapshot is far larger
     * than an append and takes several round trips' time to arrive, persist and restore.
     */
    static final int SNAPSHOT_RETRY_HEARTBEATS = 4;

    enum State { PROBE, REPLICATE, SNAPSHOT }

    final int peerId;
    long matchIndex;
    long nextIndex;
    State state = State.PROBE;
    /** PROBE: an append is outstanding; wait for its answer or the next heartbeat. */
    boolean probeSent;
    /** REPLICATE: last index of each unacknowledged append, oldest first. */
    final ArrayDeque<Long> inflight = new ArrayDeque<>();
    /** matchIndex at the previous heartbeat, to notice a follower that stopped progressing. */
    long matchIndexAtLastHeartbeat;
    long ticksSinceContact;
    /** SNAPSHOT: the index of the snapshot sent, and heartbeats since it was sent. */
    long pendingSnapshotIndex;
    int heartbeatsSinceSnapshot;

    ReplicationProgress(int peerId, long nextIndex) {
        this.peerId = peerId;
        this.nextIndex = nextIndex;
    }

    boolean canSend() {
        return switch (state) {
            case PROBE -> !probeSent;
            case REPLICATE -> inflight.size() < MAX_INFLIGHT_APPENDS;
            case SNAPSHOT -> false;
        };
    }

    /** A snapshot ending at {@code snapshotIndex} went out: pause until it is acknowledged. */
    void snapshotSent(long snapshotIndex) {
        state = State.SNAPSHOT;
        probeSent = false;
        inflight.clear();
        pendingSnapshotIndex = snapshotIndex;
        heartbeatsSinceSnapshot = 0;
    }

    /** Records that an append ending at {@code lastIndex} went out. */
    void sent(long lastIndex, boolean carriedEntries) {
        if (state == State.PROBE) {
            probeSent = true;
        } else if (carriedEntries) {
            nextIndex = lastIndex + 1;
            inflight.addLast(lastIndex);
        }
    }

    /** A success up to {@code index}; returns whether matchIndex moved. */
    boolean acknowledge(long index) {
        if (state == State.SNAPSHOT && index >= pendingSnapshotIndex) {
            // The follower holds the snapshot (or more): replicate from there on.
            state = State.PROBE;
        }
        probeSent = false;
        while (!inflight.isEmpty() && inflight.peekFirst() <= index) {
            inflight.removeFirst();
        }
        if (index <= matchIndex) {
            return false;
        }
        matchIndex = index;
        if (state == State.PROBE) {
            state = State.REPLICATE;
            nextIndex = index + 1;
        } else {
            nextIndex = Math.max(nextIndex, index + 1);
        }
        return true;
    }

    /**
     * Whether a rejection of the append anchored at {@code rejectedIndex} still says something:
     * pipelined appends can be rejected out of order, and a rejection of an index already known
     * to match, or of a probe other than the one outstanding, would only restart work in vain.
     */
    boolean isCurrentRejection(long rejectedIndex) {
        return switch (state) {
            case REPLICATE -> rejectedIndex > matchIndex;
            case PROBE -> rejectedIndex == nextIndex - 1;
            case SNAPSHOT -> false; // answers to appends sent before the snapshot
        };
    }

    /** The follower's log now ends at {@code lastIndex}, below matchIndex: probe from there. */
    void lostEntriesAfter(long lastIndex) {
        matchIndex = lastIndex;
        probeFrom(lastIndex + 1);
    }

    /** Goes back to probing from {@code index}; never below what is known to match. */
    void probeFrom(long index) {
        state = State.PROBE;
        probeSent = false;
        inflight.clear();
        nextIndex = Math.max(matchIndex + 1, index);
    }
}
