package io.raftdeck.core.events;

/** Why a node did not give a candidate its (pre-)vote: the rule of the Raft paper it applied. */
public enum VoteRefusal {
    /** Granted: none of the rules below applied. */
    NONE,
    /** The candidate's term is older than ours (Raft §5.1). */
    STALE_TERM,
    /** We already voted for another candidate in this term (Raft §5.2). */
    ALREADY_VOTED,
    /** We follow a leader in this term, so this term's vote is not ours to give. */
    HAS_LEADER,
    /** The candidate's log is behind ours (Raft §5.4.1, the election restriction). */
    LOG_BEHIND,
    /** A leader was heard from within the lease: the candidate would depose a live one. */
    LEADER_LEASE
}
