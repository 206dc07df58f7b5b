package io.raftdeck.core;

import java.util.List;

/**
 * An immutable snapshot of a core's state, for status reporting. {@code transferTarget} is the
 * node a leader is handing leadership to, or 0.
 */
public record RaftStatus(
        int id,
        Role role,
        long term,
        int votedFor,
        int leaderId,
        long commitIndex,
        long lastApplied,
        long firstLogIndex,
        long lastLogIndex,
        long lastLogTerm,
        int electionElapsedTicks,
        int electionTimeoutTicks,
        List<PeerProgress> peers,
        int transferTarget) {

    public RaftStatus {
        peers = List.copyOf(peers);
    }
}
