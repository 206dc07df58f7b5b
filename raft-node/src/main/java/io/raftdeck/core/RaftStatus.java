package io.raftdeck.core;

import java.util.List;

/** An immutable snapshot of a core's state, for status reporting. */
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
        List<PeerProgress> peers) {

    public RaftStatus {
        peers = List.copyOf(peers);
    }
}
