package io.raftdeck.transport;

import com.google.protobuf.ByteString;
import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.core.Message;
import io.raftdeck.proto.v1.AppendRequest;
import io.raftdeck.proto.v1.AppendResponse;
import io.raftdeck.proto.v1.InstallSnapshotChunk;
import io.raftdeck.proto.v1.PeerMessage;
import io.raftdeck.proto.v1.TimeoutNow;
import io.raftdeck.proto.v1.VoteRequest;
import io.raftdeck.proto.v1.VoteResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where core messages and their raftdeck.v1 wire form meet. Encoding trusts the
 * core; decoding trusts nothing: every field a peer sends is checked against what a correct
 * Raft node could send, so a corrupt or hostile message is rejected here instead of confusing
 * the core. Unsigned 64-bit wire fields above {@link Long#MAX_VALUE} read as negative and are
 * rejected as absurd. An InstallSnapshot travels as several chunks, encoded one by one with
 * {@link #encodeSnapshotChunk} and checked one by one with {@link #decodeSnapshotChunk}.
 */
public final class MessageCodec {

    private MessageCodec() {
    }

    /** The wire form of a core message. */
    public static PeerMessage encode(Message message) {
        PeerMessage.Builder builder = PeerMessage.newBuilder()
                .setFrom(message.from()).setTo(message.to()).setTerm(message.term());
        if (message instanceof Message.VoteRequest vote) {
            builder.setVoteRequest(VoteRequest.newBuilder()
                    .setLastLogIndex(vote.lastLogIndex()).setLastLogTerm(vote.lastLogTerm())
                    .setPreVote(vote.preVote()).setTransfer(vote.transfer()));
        } else if (message instanceof Message.VoteResponse vote) {
            builder.setVoteResponse(VoteResponse.newBuilder()
                    .setGranted(vote.granted()).setPreVote(vote.preVote()));
        } else if (message instanceof Message.AppendRequest append) {
            builder.setAppendRequest(encodeAppend(append));
        } else if (message instanceof Message.AppendResponse response) {
            builder.setAppendResponse(AppendResponse.newBuilder()
                    .setSuccess(response.success()).setMatchIndex(response.matchIndex())
                    .setRejectedIndex(response.rejectedIndex())
                    .setConflictTerm(response.conflictTerm())
                    .setConflictIndex(response.conflictIndex())
                    .setLastLogIndex(response.lastLogIndex()).setContext(response.context()));
        } else if (message instanceof Message.TimeoutNow) {
            builder.setTimeoutNow(TimeoutNow.getDefaultInstance());
        } else if (message instanceof Message.InstallSnapshot) {
            throw new IllegalArgumentException("a snapshot travels in chunks: "
                    + "use encodeSnapshotChunk");
        } else {
            throw new IllegalArgumentException("no wire form for " + message);
        }
        return builder.build();
    }

    /**
     * The chunk of {@code install}'s snapshot that starts at {@code offset} and holds
     * {@code length} bytes; {@code checksum} is the CRC32C of the whole snapshot.
     */
    public static PeerMessage encodeSnapshotChunk(Message.InstallSnapshot install, int offset,
                                                  int length, int checksum) {
        byte[] data = install.data();
        return PeerMessage.newBuilder()
                .setFrom(install.from()).setTo(install.to()).setTerm(install.term())
                .setInstallSnapshot(InstallSnapshotChunk.newBuilder()
                        .setLastIncludedIndex(install.lastIncludedIndex())
                        .setLastIncludedTerm(install.lastIncludedTerm())
                        .setOffset(offset)
                        .setData(ByteString.copyFrom(data, offset, length))
                        .setDone(offset + length == data.length)
                        .setChecksum(checksum))
                .build();
    }

    /** A snapshot chunk a peer sent, after checking every field but the checksum. */
    static SnapshotChunk decodeSnapshotChunk(PeerMessage wire)
            throws InvalidPeerMessageException {
        int from = wire.getFrom();
        int to = wire.getTo();
        long term = wire.getTerm();
        require(from >= 1 && to >= 1, "node ids must be >= 1, were from=" + from + " to=" + to);
        require(from != to, "message from node " + from + " to itself");
        requireNonNegative("term", term);
        InstallSnapshotChunk chunk = wire.getInstallSnapshot();
        requireNonNegative("lastIncludedIndex", chunk.getLastIncludedIndex());
        requireNonNegative("lastIncludedTerm", chunk.getLastIncludedTerm());
        requireNonNegative("offset", chunk.getOffset());
        require(chunk.getLastIncludedIndex() >= 1 && chunk.getLastIncludedTerm() >= 1,
                "snapshot chunk at " + chunk.getLastIncludedIndex() + "@"
                        + chunk.getLastIncludedTerm() + " is not a position in a log");
        require(chunk.getLastIncludedTerm() <= term, "snapshot's last included term "
                + chunk.getLastIncludedTerm() + " is newer than its term " + term);
        return new SnapshotChunk(from, to, term, chunk.getLastIncludedIndex(),
                chunk.getLastIncludedTerm(), chunk.getOffset(), chunk.getData().toByteArray(),
                chunk.getDone(), chunk.getChecksum());
    }

    private static AppendRequest encodeAppend(Message.AppendRequest append) {
        AppendRequest.Builder builder = AppendRequest.newBuilder()
                .setPrevLogIndex(append.prevLogIndex()).setPrevLogTerm(append.prevLogTerm())
                .setLeaderCommit(append.leaderCommit()).setContext(append.context());
        for (Entry entry : append.entries()) {
            builder.addEntries(io.raftdeck.proto.v1.Entry.newBuilder()
                    .setIndex(entry.index()).setTerm(entry.term())
                    .setType(entry.type() == EntryType.NOOP
                            ? io.raftdeck.proto.v1.EntryType.ENTRY_TYPE_NOOP
                            : io.raftdeck.proto.v1.EntryType.ENTRY_TYPE_COMMAND)
                    .setData(ByteString.copyFrom(entry.data())));
        }
        return builder.build();
    }

    /** The core message a peer sent, after checking every field. */
    public static Message decode(PeerMessage wire) throws InvalidPeerMessageException {
        int from = wire.getFrom();
        int to = wire.getTo();
        long term = wire.getTerm();
        require(from >= 1 && to >= 1, "node ids must be >= 1, were from=" + from + " to=" + to);
        require(from != to, "message from node " + from + " to itself");
        requireNonNegative("term", term);
        return switch (wire.getBodyCase()) {
            case VOTE_REQUEST -> decodeVoteRequest(from, to, term, wire.getVoteRequest());
            case VOTE_RESPONSE -> new Message.VoteResponse(from, to, term,
                    wire.getVoteResponse().getGranted(), wire.getVoteResponse().getPreVote());
            case APPEND_REQUEST -> decodeAppend(from, to, term, wire.getAppendRequest());
            case APPEND_RESPONSE -> decodeAppendResponse(from, to, term,
                    wire.getAppendResponse());
            case TIMEOUT_NOW -> new Message.TimeoutNow(from, to, term);
            case BODY_NOT_SET -> throw new InvalidPeerMessageException(
                    "message from node " + from + " has no body");
            default -> throw new InvalidPeerMessageException("message from node " + from
                    + " has an unsupported body " + wire.getBodyCase());
        };
    }

    private static Message decodeVoteRequest(int from, int to, long term, VoteRequest vote)
            throws InvalidPeerMessageException {
        requireNonNegative("lastLogIndex", vote.getLastLogIndex());
        requireNonNegative("lastLogTerm", vote.getLastLogTerm());
        require(vote.getLastLogTerm() <= term, "vote request's last log term "
                + vote.getLastLogTerm() + " is newer than its term " + term);
        require(vote.getLastLogIndex() > 0 || vote.getLastLogTerm() == 0,
                "vote request with an empty log has last log term " + vote.getLastLogTerm());
        return new Message.VoteRequest(from, to, term, vote.getLastLogIndex(),
                vote.getLastLogTerm(), vote.getPreVote(), vote.getTransfer());
    }

    private static Message decodeAppend(int from, int to, long term, AppendRequest append)
            throws InvalidPeerMessageException {
        long prevLogIndex = append.getPrevLogIndex();
        long prevLogTerm = append.getPrevLogTerm();
        requireNonNegative("prevLogIndex", prevLogIndex);
        requireNonNegative("prevLogTerm", prevLogTerm);
        requireNonNegative("leaderCommit", append.getLeaderCommit());
        require(prevLogTerm <= term, "prevLogTerm " + prevLogTerm + " is newer than term " + term);
        require(prevLogIndex > 0 || prevLogTerm == 0,
                "prevLogIndex 0 with prevLogTerm " + prevLogTerm);
        List<Entry> entries = new ArrayList<>(append.getEntriesCount());
        long previousTerm = prevLogTerm;
        for (io.raftdeck.proto.v1.Entry wireEntry : append.getEntriesList()) {
            long expectedIndex = prevLogIndex + 1 + entries.size();
            Entry entry = decodeEntry(wireEntry, expectedIndex, previousTerm, term);
            entries.add(entry);
            previousTerm = entry.term();
        }
        // The context is opaque to followers, so any 64 bits are valid.
        return new Message.AppendRequest(from, to, term, prevLogIndex, prevLogTerm, entries,
                append.getLeaderCommit(), append.getContext());
    }

    /** Log Matching (Raft §5.3): entries are consecutive and their terms never decrease. */
    private static Entry decodeEntry(io.raftdeck.proto.v1.Entry wire, long expectedIndex,
                                     long previousTerm, long messageTerm)
            throws InvalidPeerMessageException {
        require(wire.getIndex() == expectedIndex, "entry index " + wire.getIndex()
                + " where " + expectedIndex + " was expected");
        require(wire.getTerm() >= Math.max(1, previousTerm) && wire.getTerm() <= messageTerm,
                "entry " + expectedIndex + " has term " + wire.getTerm() + ", outside "
                        + Math.max(1, previousTerm) + ".." + messageTerm);
        EntryType type = switch (wire.getType()) {
            case ENTRY_TYPE_COMMAND -> EntryType.COMMAND;
            case ENTRY_TYPE_NOOP -> EntryType.NOOP;
            default -> throw new InvalidPeerMessageException("entry " + expectedIndex
                    + " has unknown type " + wire.getTypeValue());
        };
        require(type != EntryType.NOOP || wire.getData().isEmpty(),
                "no-op entry " + expectedIndex + " carries data");
        return new Entry(wire.getIndex(), wire.getTerm(), type, wire.getData().toByteArray());
    }

    private static Message decodeAppendResponse(int from, int to, long term,
                                                AppendResponse response)
            throws InvalidPeerMessageException {
        requireNonNegative("matchIndex", response.getMatchIndex());
        requireNonNegative("rejectedIndex", response.getRejectedIndex());
        requireNonNegative("conflictTerm", response.getConflictTerm());
        requireNonNegative("conflictIndex", response.getConflictIndex());
        requireNonNegative("lastLogIndex", response.getLastLogIndex());
        require(response.getConflictTerm() <= term, "conflictTerm "
                + response.getConflictTerm() + " is newer than term " + term);
        return new Message.AppendResponse(from, to, term, response.getSuccess(),
                response.getMatchIndex(), response.getRejectedIndex(),
                response.getConflictTerm(), response.getConflictIndex(),
                response.getLastLogIndex(), response.getContext());
    }

    private static void requireNonNegative(String field, long value)
            throws InvalidPeerMessageException {
        require(value >= 0, field + " " + Long.toUnsignedString(value) + " is out of range");
    }

    private static void require(boolean condition, String problem)
            throws InvalidPeerMessageException {
        if (!condition) {
            throw new InvalidPeerMessageException(problem);
        }
    }
}
