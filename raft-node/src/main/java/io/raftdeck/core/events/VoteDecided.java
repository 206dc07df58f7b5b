package io.raftdeck.core.events;

/**
 * This node answered {@code candidate}'s request for a (pre-)vote in {@code electionTerm}:
 * granted, or refused with the rule that refused it. The logs' last positions are there for
 * a log-behind refusal, {@code votedFor} for an already-cast vote, {@code leader} for a lease.
 * {@code answered} is false when the request was ignored without an answer (a vote request
 * within the lease of a live leader: answering would raise our term and depose it).
 */
public record VoteDecided(int candidate, long electionTerm, boolean preVote, boolean granted,
                          VoteRefusal reason, long ourTerm, int votedFor, int leader,
                          long candidateLastIndex, long candidateLastTerm,
                          long ourLastIndex, long ourLastTerm, boolean answered)
        implements RaftEvent {

    @Override
    public String kind() {
        return "vote";
    }

    @Override
    public String describe(int node) {
        String vote = preVote ? "pre-vote" : "vote";
        if (granted) {
            return "node " + node + " granted its " + vote + " to node " + candidate
                    + " in term " + electionTerm;
        }
        return "node " + node + (answered ? " refused " : " ignored ") + vote + " of node "
                + candidate + " in term " + electionTerm + ": " + why();
    }

    /** The reason in words, as the message view shows it after "refused:". */
    public String why() {
        return switch (reason) {
            case NONE -> "granted";
            case STALE_TERM -> "stale term " + electionTerm + " < our " + ourTerm;
            case ALREADY_VOTED -> "already voted for " + votedFor + " in term " + ourTerm;
            case HAS_LEADER -> "following leader " + leader + " in term " + ourTerm;
            case LOG_BEHIND -> "candidate's log behind ours (its last " + candidateLastIndex
                    + "/" + candidateLastTerm + " vs ours " + ourLastIndex + "/" + ourLastTerm
                    + ")";
            case LEADER_LEASE -> "leader " + leader + " heard within the lease";
        };
    }
}
