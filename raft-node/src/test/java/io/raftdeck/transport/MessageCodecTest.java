package io.raftdeck.transport;

import static io.raftdeck.core.Messages.appendRequest;
import static io.raftdeck.core.Messages.appendResponse;
import static io.raftdeck.core.Messages.installSnapshot;
import static io.raftdeck.core.Messages.timeoutNow;
import static io.raftdeck.core.Messages.voteRequest;
import static io.raftdeck.core.Messages.voteResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.core.Message;
import io.raftdeck.proto.v1.AppendRequest;
import io.raftdeck.proto.v1.EntryType;
import io.raftdeck.proto.v1.InstallSnapshotChunk;
import io.raftdeck.proto.v1.PeerMessage;
import io.raftdeck.proto.v1.VoteRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    private static final List<Message> EVERY_KIND = List.of(
            voteRequest().from(1).to(2).term(7).lastLogIndex(40).lastLogTerm(6).build(),
            voteRequest().from(3).to(2).term(8).preVote().transfer().build(),
            voteResponse().from(2).to(1).term(7).granted().build(),
            voteResponse().from(2).to(3).term(8).refused().preVote().build(),
            appendRequest().from(1).to(4).term(9).prevLogIndex(10).prevLogTerm(8).entries(
                    Entry.command(11, 8, new byte[] {1, 2, 3}),
                    Entry.noop(12, 9),
                    Entry.command(13, 9, new byte[0])).leaderCommit(11).context(-5L).build(),
            appendRequest().from(1).to(5).term(9).build(),
            appendResponse().from(4).to(1).term(9).success().matchIndex(13).lastLogIndex(13)
                    .context(77).build(),
            appendResponse().from(5).to(1).term(9).rejected().rejectedIndex(17).conflictTerm(3)
                    .conflictIndex(4).lastLogIndex(20).build(),
            timeoutNow().from(1).to(3).term(9).build());

    @Test
    void everyMessageKindSurvivesTheWire() throws Exception {
        // Proves encode then decode (through bytes) gives back the same core message.
        for (Message message : EVERY_KIND) {
            byte[] bytes = MessageCodec.encode(message).toByteArray();
            assertEquals(message, MessageCodec.decode(PeerMessage.parseFrom(bytes)));
        }
    }

    private static PeerMessage.Builder vote(long term, long lastIndex, long lastTerm) {
        return PeerMessage.newBuilder().setFrom(1).setTo(2).setTerm(term)
                .setVoteRequest(VoteRequest.newBuilder()
                        .setLastLogIndex(lastIndex).setLastLogTerm(lastTerm));
    }

    private static PeerMessage.Builder append(long term, long prevIndex, long prevTerm,
                                              long... entryIndexTermPairs) {
        AppendRequest.Builder append = AppendRequest.newBuilder()
                .setPrevLogIndex(prevIndex).setPrevLogTerm(prevTerm);
        for (int i = 0; i < entryIndexTermPairs.length; i += 2) {
            append.addEntries(io.raftdeck.proto.v1.Entry.newBuilder()
                    .setIndex(entryIndexTermPairs[i]).setTerm(entryIndexTermPairs[i + 1])
                    .setType(EntryType.ENTRY_TYPE_COMMAND));
        }
        return PeerMessage.newBuilder().setFrom(1).setTo(2).setTerm(term).setAppendRequest(append);
    }

    private static void assertRejected(PeerMessage.Builder message, String why) {
        InvalidPeerMessageException e = assertThrows(InvalidPeerMessageException.class,
                () -> MessageCodec.decode(message.build()), why);
        assertTrue(!e.getMessage().isBlank() && !e.getMessage().contains("\n"));
    }

    @Test
    void malformedHeadersAreRejected() {
        // Proves missing bodies, snapshot bodies, bad ids and absurd terms never reach the core.
        assertRejected(PeerMessage.newBuilder().setFrom(1).setTo(2).setTerm(1), "no body");
        assertRejected(PeerMessage.newBuilder().setFrom(1).setTo(2).setTerm(1)
                .setInstallSnapshot(InstallSnapshotChunk.getDefaultInstance()), "snapshot");
        assertRejected(vote(1, 0, 0).setFrom(0), "sender id 0");
        assertRejected(vote(1, 0, 0).setTo(-3), "negative target");
        assertRejected(vote(1, 0, 0).setTo(1), "to itself");
        assertRejected(vote(-1L, 0, 0), "term above 2^63");
    }

    @Test
    void impossibleVoteRequestsAreRejected() {
        // Proves a vote request whose log is newer than its term, or absurd, is rejected.
        assertRejected(vote(3, 5, 4), "last log term above term");
        assertRejected(vote(3, 0, 2), "empty log with a last term");
        assertRejected(vote(3, Long.MIN_VALUE, 1), "index above 2^63");
    }

    @Test
    void appendsThatBreakLogMatchingAreRejected() {
        // Proves gaps, reordering, terms that go back or exceed the leader's term are rejected.
        assertRejected(append(5, 3, 2, 5, 2), "gap after prevLogIndex");
        assertRejected(append(5, 3, 2, 4, 2, 4, 2), "repeated index");
        assertRejected(append(5, 3, 2, 4, 3, 5, 2), "term goes back");
        assertRejected(append(5, 3, 2, 4, 1), "entry older than prevLogTerm");
        assertRejected(append(5, 3, 2, 4, 6), "entry newer than the leader's term");
        assertRejected(append(5, 3, 6), "prevLogTerm newer than term");
        assertRejected(append(5, 0, 1), "prevLogIndex 0 with a term");
        PeerMessage.Builder unknownType = append(5, 3, 2, 4, 2);
        unknownType.getAppendRequestBuilder().getEntriesBuilder(0).setTypeValue(9);
        assertRejected(unknownType, "unknown entry type");
        PeerMessage.Builder noopWithData = append(5, 3, 2, 4, 2);
        noopWithData.getAppendRequestBuilder().getEntriesBuilder(0)
                .setType(EntryType.ENTRY_TYPE_NOOP)
                .setData(com.google.protobuf.ByteString.copyFromUtf8("x"));
        assertRejected(noopWithData, "noop with data");
    }

    @Test
    void snapshotChunkSurvivesTheWire() throws Exception {
        // Proves a chunk carries its snapshot's position, its slice of the bytes and the
        // whole snapshot's checksum; the last chunk says so.
        byte[] data = {10, 20, 30, 40, 50};
        Message.InstallSnapshot install = installSnapshot().from(1).to(2).term(9)
                .lastIncludedIndex(700).lastIncludedTerm(8).data(data).build();
        byte[] bytes = MessageCodec.encodeSnapshotChunk(install, 3, 2, 0xCAFE).toByteArray();

        SnapshotChunk chunk = MessageCodec.decodeSnapshotChunk(PeerMessage.parseFrom(bytes));

        assertEquals(700, chunk.lastIncludedIndex());
        assertEquals(8, chunk.lastIncludedTerm());
        assertEquals(9, chunk.term());
        assertEquals(3, chunk.offset());
        assertEquals(List.of((byte) 40, (byte) 50), List.of(chunk.data()[0], chunk.data()[1]));
        assertTrue(chunk.done());
        assertEquals(0xCAFE, chunk.checksum());
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.encode(install),
                "a snapshot never travels as one message");
    }

    @Test
    void impossibleSnapshotChunksAreRejected() {
        // Proves chunks of no position, of a term newer than the sender's, or absurd offsets
        // never reach the assembler.
        PeerMessage.Builder chunk = PeerMessage.newBuilder().setFrom(1).setTo(2).setTerm(4);
        chunk.getInstallSnapshotBuilder().setLastIncludedIndex(0).setLastIncludedTerm(0);
        assertSnapshotRejected(chunk, "index 0");
        chunk.getInstallSnapshotBuilder().setLastIncludedIndex(9).setLastIncludedTerm(5);
        assertSnapshotRejected(chunk, "term newer than the sender's");
        chunk.getInstallSnapshotBuilder().setLastIncludedTerm(3).setOffset(-1);
        assertSnapshotRejected(chunk, "offset above 2^63");
        chunk.getInstallSnapshotBuilder().setOffset(0);
        assertSnapshotRejected(chunk.setTo(1), "to itself");
    }

    private static void assertSnapshotRejected(PeerMessage.Builder message, String why) {
        assertThrows(InvalidPeerMessageException.class,
                () -> MessageCodec.decodeSnapshotChunk(message.build()), why);
    }

    @Test
    void absurdAppendResponsesAreRejected() {
        // Proves negative (above 2^63) indexes and future conflict terms in responses are rejected.
        PeerMessage.Builder response = PeerMessage.newBuilder().setFrom(2).setTo(1).setTerm(4);
        response.getAppendResponseBuilder().setMatchIndex(-1);
        assertRejected(response, "matchIndex above 2^63");
        response.getAppendResponseBuilder().setMatchIndex(0).setConflictTerm(5);
        assertRejected(response, "conflict term above term");
    }
}
