package io.raftdeck.core;

/**
 * Outcome of {@link RaftCore#propose}. When accepted, the command is at {@code index} in
 * {@code term}: it has committed if and only if the entry applied at that index has that term.
 * When refused, {@code refusal} says why and {@code leaderId} names the leader if one is known
 * (0 otherwise).
 */
public record ProposeResult(long index, long term, int leaderId, Refusal refusal) {

    /** Why a proposal was not appended. */
    public enum Refusal {
        /** Appended: not refused. */
        NONE,
        /** This node is not the leader. */
        NOT_LEADER,
        /** This leader is handing over leadership (thesis §3.10). */
        TRANSFERRING,
        /**
         * This leader's entries that have not committed yet already hold
         * {@link RaftCore#MAX_UNCOMMITTED_BYTES}: its followers are not keeping up.
         */
        UNCOMMITTED_LIMIT
    }

    public static ProposeResult accepted(long index, long term, int leaderId) {
        return new ProposeResult(index, term, leaderId, Refusal.NONE);
    }

    /** Refused because this node is not the leader; {@code leaderId} is 0 when none is known. */
    public static ProposeResult notLeader(int leaderId) {
        return new ProposeResult(0, 0, leaderId, Refusal.NOT_LEADER);
    }

    /** Refused because this leader is transferring leadership (thesis §3.10). */
    public static ProposeResult transferring(int leaderId) {
        return new ProposeResult(0, 0, leaderId, Refusal.TRANSFERRING);
    }

    /** Refused because this leader's uncommitted entries are at their limit. */
    public static ProposeResult uncommittedLimit(int leaderId) {
        return new ProposeResult(0, 0, leaderId, Refusal.UNCOMMITTED_LIMIT);
    }

    public boolean accepted() {
        return refusal == Refusal.NONE;
    }
}
