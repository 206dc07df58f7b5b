package io.raftdeck.node;

/**
 * Why a node could not answer a request. The services turn {@link #reason()} into a gRPC
 * status; {@link #leaderId()} lets a follower forward instead of failing.
 */
public final class ProposalException extends RuntimeException {

    public enum Reason {
        /** This node is not the leader; {@link #leaderId()} is the one it knows, or 0. */
        NOT_LEADER,
        /** The entry was overwritten or another term's entry committed at its index. */
        LEADERSHIP_LOST,
        /**
         * Whether the entry committed cannot be known any more: a snapshot from the leader
         * replaced this node's log before it applied the entry. Retrying may apply it twice.
         */
        OUTCOME_UNKNOWN,
        /** The inbox or the table of waiting proposals is full; try again shortly. */
        OVERLOADED,
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

    public Reason reason() {
        return reason;
    }

    public int leaderId() {
        return leaderId;
    }
}
