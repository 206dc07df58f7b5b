package io.raftdeck.transport;

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
            new Message.VoteRequest(1, 2, 7, 40, 6, false, false),
            new Message.VoteRequest(3, 2, 8, 0, 0, true, true),
            new Message.VoteResponse(2, 1, 7, true, false),
            new Message.VoteResponse(2, 3, 8, false, true),
            new Message.AppendRequest(1, 4, 9, 10, 8, List.of(
                    Entry.command(11, 8, new byte[] {1, 2, 3}),
                    Entry.noop(12, 9),
                    Entry.command(13, 9, new byte[0])), 11, -5L),
            new Message.AppendRequest(1, 5, 9, 0, 0, List.of(), 0, 0),
            new Message.AppendResponse(4, 1, 9, true, 13, 0, 0, 0, 13, 77),
            new Message.AppendResponse(5, 1, 9, false, 0, 17, 3, 4, 20, 0),
            new Message.TimeoutNow(1, 3, 9));

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
        Message.InstallSnapshot install = new Message.InstallSnapshot(1, 2, 9, 700, 8, data);
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
