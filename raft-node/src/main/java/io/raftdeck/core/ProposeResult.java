package io.raftdeck.core;

/**
 * Outcome of {@link RaftCore#propose}. When accepted, the command is at {@code index} in
 * {@code term}: it has committed if and only if the entry applied at that index has that term.
 */
public record ProposeResult(boolean accepted, long index, long term, int leaderId) {

    public static ProposeResult accepted(long index, long term, int leaderId) {
        return new ProposeResult(true, index, term, leaderId);
    }

    /** Refused because this node is not the leader; {@code leaderId} is 0 when none is known. */
    public static ProposeResult notLeader(int leaderId) {
        return new ProposeResult(false, 0, 0, leaderId);
    }
}
