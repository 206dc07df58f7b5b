package io.raftdeck.console.model;

/** A node's Raft role as the dashboard shows it; UNKNOWN when the node reported none. */
public enum Role {
    FOLLOWER,
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER,
    UNKNOWN
}
