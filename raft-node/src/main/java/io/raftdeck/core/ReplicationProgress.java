package io.raftdeck.core;

import java.util.ArrayDeque;

/**
 * A leader's replication state for one follower (Raft Figure 2: nextIndex, matchIndex), plus
 * flow control. In PROBE the leader does not know where the follower's log matches, so it sends
 * one AppendEntries at a time; once one succeeds it switches to REPLICATE and pipelines
 * appends, at most {@link #MAX_INFLIGHT_APPENDS} unacknowledged at once.
 */
final class ReplicationProgress {

    /** Upper bound on unacknowledged AppendEntries messages to one follower. */
    static final int MAX_INFLIGHT_APPENDS = 64;

    enum State { PROBE, REPLICATE }

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

    ReplicationProgress(int peerId, long nextIndex) {
        this.peerId = peerId;
        this.nextIndex = nextIndex;
    }

    boolean canSend() {
        return state == State.PROBE ? !probeSent : inflight.size() < MAX_INFLIGHT_APPENDS;
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
        if (state == State.REPLICATE) {
            return rejectedIndex > matchIndex;
        }
        return rejectedIndex == nextIndex - 1;
    }

    /** Goes back to probing from {@code index}; never below what is known to match. */
    void probeFrom(long index) {
        state = State.PROBE;
        probeSent = false;
        inflight.clear();
        nextIndex = Math.max(matchIndex + 1, index);
    }
}
