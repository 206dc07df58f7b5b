package io.raftdeck.core;

/** Outcome of {@link RaftCore#transferLeadership(int)}. */
public enum TransferResult {
    /** The transfer began: the target is caught up, then told to campaign at once. */
    STARTED,
    /** The target already leads: nothing to do. */
    ALREADY_LEADER,
    /** This node is not the leader. */
    NOT_LEADER,
    /** The target is not a member of the configuration. */
    UNKNOWN_MEMBER
}
