package io.raftdeck.core;

import io.raftdeck.core.Message.AppendRequest;
import io.raftdeck.core.Message.AppendResponse;
import io.raftdeck.core.Message.InstallSnapshot;
import io.raftdeck.core.Message.TimeoutNow;
import io.raftdeck.core.Message.VoteRequest;
import io.raftdeck.core.Message.VoteResponse;
import java.util.List;

/**
 * Named builders for the core's messages, so a test spells out each field by the name the Raft
 * paper gives it: {@code voteRequest().from(1).to(2).term(4).lastLogIndex(2).lastLogTerm(3)}
 * instead of {@code new VoteRequest(1, 2, 4, 2, 3, false, false)}. A field left out is 0,
 * false or empty. Public for the tests of the other packages (node, transport) too.
 */
public final class Messages {

    private Messages() {
    }

    /** Anything a test can step into a core. */
    public interface Builder {
        Message build();
    }

    /** RequestVote (Raft §5.2), or a pre-vote request (thesis §9.6). */
    public static VoteRequestBuilder voteRequest() {
        return new VoteRequestBuilder();
    }

    /** An answer to RequestVote: refused unless {@code granted()}. */
    public static VoteResponseBuilder voteResponse() {
        return new VoteResponseBuilder();
    }

    /** AppendEntries (Raft §5.3): a heartbeat unless it is given entries. */
    public static AppendRequestBuilder appendRequest() {
        return new AppendRequestBuilder();
    }

    /** An answer to AppendEntries or InstallSnapshot: a rejection unless {@code success()}. */
    public static AppendResponseBuilder appendResponse() {
        return new AppendResponseBuilder();
    }

    /** InstallSnapshot (Raft §7). */
    public static InstallSnapshotBuilder installSnapshot() {
        return new InstallSnapshotBuilder();
    }

    /** TimeoutNow (thesis §3.10). */
    public static TimeoutNowBuilder timeoutNow() {
        return new TimeoutNowBuilder();
    }

    /** Sender, receiver and term, which every message carries (Raft §5.1). */
    public abstract static class Addressed<B extends Addressed<B>> implements Builder {
        int from;
        int to;
        long term;

        abstract B self();

        public B from(int sender) {
            this.from = sender;
            return self();
        }

        public B to(int receiver) {
            this.to = receiver;
            return self();
        }

        public B term(long senderTerm) {
            this.term = senderTerm;
            return self();
        }
    }

    public static final class VoteRequestBuilder extends Addressed<VoteRequestBuilder> {
        private long lastLogIndex;
        private long lastLogTerm;
        private boolean preVote;
        private boolean transfer;

        @Override
        VoteRequestBuilder self() {
            return this;
        }

        public VoteRequestBuilder lastLogIndex(long index) {
            this.lastLogIndex = index;
            return this;
        }

        public VoteRequestBuilder lastLogTerm(long logTerm) {
            this.lastLogTerm = logTerm;
            return this;
        }

        public VoteRequestBuilder preVote() {
            this.preVote = true;
            return this;
        }

        /** The election follows a TimeoutNow, so the voter sets its leader lease aside. */
        public VoteRequestBuilder transfer() {
            this.transfer = true;
            return this;
        }

        @Override
        public VoteRequest build() {
            return new VoteRequest(from, to, term, lastLogIndex, lastLogTerm, preVote, transfer);
        }
    }

    public static final class VoteResponseBuilder extends Addressed<VoteResponseBuilder> {
        private boolean granted;
        private boolean preVote;

        @Override
        VoteResponseBuilder self() {
            return this;
        }

        public VoteResponseBuilder granted() {
            return granted(true);
        }

        /** Says so, though refused is the default. */
        public VoteResponseBuilder refused() {
            return granted(false);
        }

        public VoteResponseBuilder granted(boolean voteGranted) {
            this.granted = voteGranted;
            return this;
        }

        public VoteResponseBuilder preVote() {
            this.preVote = true;
            return this;
        }

        @Override
        public VoteResponse build() {
            return new VoteResponse(from, to, term, granted, preVote);
        }
    }

    public static final class AppendRequestBuilder extends Addressed<AppendRequestBuilder> {
        private long prevLogIndex;
        private long prevLogTerm;
        private List<Entry> entries = List.of();
        private long leaderCommit;
        private long context;

        @Override
        AppendRequestBuilder self() {
            return this;
        }

        public AppendRequestBuilder prevLogIndex(long index) {
            this.prevLogIndex = index;
            return this;
        }

        public AppendRequestBuilder prevLogTerm(long logTerm) {
            this.prevLogTerm = logTerm;
            return this;
        }

        public AppendRequestBuilder entries(Entry... newEntries) {
            return entries(List.of(newEntries));
        }

        public AppendRequestBuilder entries(List<Entry> newEntries) {
            this.entries = newEntries;
            return this;
        }

        public AppendRequestBuilder leaderCommit(long index) {
            this.leaderCommit = index;
            return this;
        }

        /** Opaque to the follower and echoed back: the ReadIndex round, or 0. */
        public AppendRequestBuilder context(long round) {
            this.context = round;
            return this;
        }

        @Override
        public AppendRequest build() {
            return new AppendRequest(from, to, term, prevLogIndex, prevLogTerm, entries,
                    leaderCommit, context);
        }
    }

    public static final class AppendResponseBuilder extends Addressed<AppendResponseBuilder> {
        private boolean success;
        private long matchIndex;
        private long rejectedIndex;
        private long conflictTerm;
        private long conflictIndex;
        private long lastLogIndex;
        private long context;

        @Override
        AppendResponseBuilder self() {
            return this;
        }

        public AppendResponseBuilder success() {
            this.success = true;
            return this;
        }

        /** Says so, though a rejection is the default. */
        public AppendResponseBuilder rejected() {
            this.success = false;
            return this;
        }

        /** On success: the last index known to match the leader. */
        public AppendResponseBuilder matchIndex(long index) {
            this.matchIndex = index;
            return this;
        }

        /** On rejection: the prevLogIndex that did not match. */
        public AppendResponseBuilder rejectedIndex(long index) {
            this.rejectedIndex = index;
            return this;
        }

        /** On rejection: the follower's term at prevLogIndex, 0 if its log is shorter. */
        public AppendResponseBuilder conflictTerm(long logTerm) {
            this.conflictTerm = logTerm;
            return this;
        }

        /** On rejection: the first index of conflictTerm, or the follower's last index + 1. */
        public AppendResponseBuilder conflictIndex(long index) {
            this.conflictIndex = index;
            return this;
        }

        /** The last index in the follower's log. */
        public AppendResponseBuilder lastLogIndex(long index) {
            this.lastLogIndex = index;
            return this;
        }

        /** The context of the AppendEntries answered: its ReadIndex round, or 0. */
        public AppendResponseBuilder context(long round) {
            this.context = round;
            return this;
        }

        @Override
        public AppendResponse build() {
            return new AppendResponse(from, to, term, success, matchIndex, rejectedIndex,
                    conflictTerm, conflictIndex, lastLogIndex, context);
        }
    }

    public static final class InstallSnapshotBuilder extends Addressed<InstallSnapshotBuilder> {
        private long lastIncludedIndex;
        private long lastIncludedTerm;
        private byte[] data;

        @Override
        InstallSnapshotBuilder self() {
            return this;
        }

        public InstallSnapshotBuilder lastIncludedIndex(long index) {
            this.lastIncludedIndex = index;
            return this;
        }

        public InstallSnapshotBuilder lastIncludedTerm(long logTerm) {
            this.lastIncludedTerm = logTerm;
            return this;
        }

        public InstallSnapshotBuilder data(byte[] state) {
            this.data = state;
            return this;
        }

        @Override
        public InstallSnapshot build() {
            return new InstallSnapshot(from, to, term, lastIncludedIndex, lastIncludedTerm,
                    data);
        }
    }

    public static final class TimeoutNowBuilder extends Addressed<TimeoutNowBuilder> {
        @Override
        TimeoutNowBuilder self() {
            return this;
        }

        @Override
        public TimeoutNow build() {
            return new TimeoutNow(from, to, term);
        }
    }
}
