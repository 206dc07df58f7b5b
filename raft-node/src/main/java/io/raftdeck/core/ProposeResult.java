package io.raftdeck.core;

/**
 * Outcome of {@link RaftCore#propose}. When accepted, the command is at {@code index} in
 * {@code term}: it has committed if and only if the entry applied at that index has that term.
 * When refused, {@code leaderId} names the leader if one is known (0 otherwise), and
 * {@code transferring} says the refusal is because this leader is handing over leadership.
 */
public record ProposeResult(boolean accepted, long index, long term, int leaderId,
                            boolean transferring) {

    public static ProposeResult accepted(long index, long term, int leaderId) {
        return new ProposeResult(true, index, term, leaderId, false);
    }

    /** Refused because this node is not the leader; {@code leaderId} is 0 when none is known. */
    public static ProposeResult notLeader(int leaderId) {
        return new ProposeResult(false, 0, 0, leaderId, false);
    }

    /** Refused because this leader is transferring leadership (thesis §3.10). */
    public static ProposeResult transferring(int leaderId) {
        return new ProposeResult(false, 0, 0, leaderId, true);
    }
}
