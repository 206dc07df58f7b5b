package io.raftdeck.core.events;

/**
 * Something put the election timer back to zero (Raft Figure 2): an append or snapshot from
 * the leader {@code peer}, or a vote granted to the candidate {@code peer}. A steady leader's
 * appends reset a follower's timer at most once per tick, so at most one of these per tick.
 */
public record ElectionTimerReset(int peer, String cause, long term) implements RaftEvent {

    @Override
    public String kind() {
        return "timer";
    }

    @Override
    public String describe(int node) {
        return "node " + node + " election timer reset by " + cause + " " + peer + " in term "
                + term;
    }
}
