package io.raftdeck.core;

import java.util.List;

/**
 * A message between two cores. Raft's RPCs are modelled as one-way messages: a response is a
 * message of its own, so the core can persist before it answers and never waits on the network.
 * Every message carries the sender's term (Raft §5.1: stale terms are rejected, newer terms
 * make the receiver a follower).
 */
public sealed interface Message {

    int from();

    int to();

    long term();

    /** RequestVote (Raft §5.2); with {@code preVote} it changes no one's term (thesis §9.6). */
    record VoteRequest(int from, int to, long term, long lastLogIndex, long lastLogTerm,
                       boolean preVote, boolean transfer) implements Message {
    }

    record VoteResponse(int from, int to, long term, boolean granted, boolean preVote)
            implements Message {
    }

    /**
     * AppendEntries (Raft §5.3). An empty {@code entries} list is a heartbeat. {@code context}
     * is opaque to the follower and echoed back.
     */
    record AppendRequest(int from, int to, long term, long prevLogIndex, long prevLogTerm,
                         List<Entry> entries, long leaderCommit, long context)
            implements Message {
        public AppendRequest {
            entries = List.copyOf(entries);
        }
    }

    /**
     * Answer to AppendEntries. On success {@code matchIndex} is the last index known to match
     * the leader. On rejection {@code conflictTerm}/{@code conflictIndex} let the leader skip a
     * whole term at once: conflictTerm is the follower's term at prevLogIndex (0 if its log is
     * shorter) and conflictIndex the first index it holds with that term (or its last index + 1);
     * {@code rejectedIndex} is the prevLogIndex that did not match, so the leader can ignore a
     * late rejection of an append it has moved past.
     */
    record AppendResponse(int from, int to, long term, boolean success, long matchIndex,
                          long rejectedIndex, long conflictTerm, long conflictIndex,
                          long lastLogIndex, long context)
            implements Message {
    }

    /**
     * InstallSnapshot (Raft §7): the leader no longer holds the entries this follower needs, so
     * it sends its snapshot instead. The core emits it with empty {@code data} (it holds no
     * snapshot bytes); the node fills in the bytes it saved, the transport carries them in
     * checksummed chunks, and the receiving node hands its core the assembled whole. The core
     * reads only the (index, term) and passes {@code data} on, untouched, in its Ready.
     */
    record InstallSnapshot(int from, int to, long term, long lastIncludedIndex,
                           long lastIncludedTerm, byte[] data) implements Message {
        public InstallSnapshot {
            data = data == null ? new byte[0] : data;
        }

        /** Without the snapshot's bytes, as the core emits it. */
        public InstallSnapshot(int from, int to, long term, long lastIncludedIndex,
                               long lastIncludedTerm) {
            this(from, to, term, lastIncludedIndex, lastIncludedTerm, null);
        }

        /** The same message carrying the snapshot's bytes. */
        public InstallSnapshot withData(byte[] snapshotData) {
            return new InstallSnapshot(from, to, term, lastIncludedIndex, lastIncludedTerm,
                    snapshotData);
        }

        @Override
        public String toString() {
            return "InstallSnapshot[from=" + from + ", to=" + to + ", term=" + term
                    + ", last=" + lastIncludedIndex + "@" + lastIncludedTerm + ", "
                    + data.length + "B]";
        }
    }

    /** Leadership transfer: tells the target to start an election at once (thesis §3.10). */
    record TimeoutNow(int from, int to, long term) implements Message {
    }
}
