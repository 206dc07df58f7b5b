package io.raftdeck.core;

/** A node's role. PRE_CANDIDATE is the pre-vote phase (Raft thesis §9.6). */
public enum Role {
    FOLLOWER,
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER
}
