package io.raftdeck.core;

/** Outcome of {@link RaftCore#readIndex(long)}. */
public enum ReadIndexResult {
    /** Accepted: a {@link ReadState} with the same request id will come out in a Ready. */
    PENDING,
    /** This node is not the leader (or is handing leadership over); ask the leader. */
    NOT_LEADER,
    /** Too many reads are waiting for confirmation; try again. */
    OVERLOADED
}
