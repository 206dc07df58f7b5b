package io.raftdeck.console.model;

/**
 * A node's Raft role as the dashboard shows it; STOPPED for a node that stopped for good on a
 * failure (it answers status only), UNKNOWN when the node reported none.
 */
public enum Role {
    FOLLOWER,
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER,
    STOPPED,
    UNKNOWN
}
