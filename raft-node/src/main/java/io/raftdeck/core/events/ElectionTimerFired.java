package io.raftdeck.core.events;

/**
 * A follower or candidate heard from no leader for its randomized election timeout
 * ({@code timeoutTicks}) and starts an election: a pre-vote round first when pre-vote is on.
 */
public record ElectionTimerFired(long term, int timeoutTicks, boolean preVote)
        implements RaftEvent {

    @Override
    public String kind() {
        return "timer";
    }

    @Override
    public String describe(int node) {
        return "node " + node + " election timer fired after " + timeoutTicks
                + " ticks in term " + term + ": starts " + (preVote ? "a pre-vote for term "
                + (term + 1) : "an election for term " + (term + 1));
    }
}
