package io.raftdeck.node;

import io.raftdeck.core.RaftCore;

/**
 * Why a node could not answer a request. The services turn {@link #reason()} into a gRPC
 * status; {@link #leaderId()} lets a follower forward instead of failing.
 */
public final class ProposalException extends RuntimeException {

    public enum Reason {
        /** This node is not the leader; {@link #leaderId()} is the one it knows, or 0. */
        NOT_LEADER,
        /**
         * The entry is gone from this node's log: another leader's entry overwrote it, or
         * another term's entry committed at its index. In the second case it never commits;
         * in the first it may still be in other nodes' logs, so only a retry under the same
         * request identity can tell.
         */
        LEADERSHIP_LOST,
        /**
         * Whether the entry committed is not known here: this node stopped leading before it
         * applied (the entry may still commit under the next leader), or a snapshot from the
         * leader replaced its log first. A retry under the same request identity finds the
         * entry, or its result, wherever the leader is now; a retry without one may apply
         * twice.
         */
        OUTCOME_UNKNOWN,
        /** The inbox or the table of waiting proposals is full; try again shortly. */
        OVERLOADED,
        /**
         * The store's quota has no room for the write (its NOSPACE alarm is raised); deletes
         * still apply. Not retried: the message says to delete keys or raise the quota.
         */
        NO_SPACE,
        /** The node has stopped (closed, or failed and refusing to continue). */
        STOPPED
    }

    private final Reason reason;
    private final int leaderId;

    public ProposalException(Reason reason, int leaderId, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.leaderId = leaderId;
    }

    public ProposalException(Reason reason, String message) {
        this(reason, 0, message);
    }

    /** A refusal that lets the caller forward to the leader {@code core} knows, or wait. */
    static ProposalException notLeader(RaftCore core) {
        // A leader handing over reports no leader: the caller waits for the new one.
        int leader = core.leaderId() == core.id() ? 0 : core.leaderId();
        return new ProposalException(Reason.NOT_LEADER, leader, "node " + core.id()
                + " is not the leader (" + (leader == 0 ? "no leader known"
                : "leader is node " + leader) + ")");
    }

    public Reason reason() {
        return reason;
    }

    public int leaderId() {
        return leaderId;
    }
}
