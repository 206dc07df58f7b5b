package io.raftdeck.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.raftdeck.core.RaftCore;
import io.raftdeck.integration.RawCalls;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.proto.v1.AppendRequest;
import io.raftdeck.proto.v1.AppendResponse;
import io.raftdeck.proto.v1.Entry;
import io.raftdeck.proto.v1.PeerMessage;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.SetLinksRequest;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.TimeoutNow;
import io.raftdeck.proto.v1.VoteRequest;
import io.raftdeck.proto.v1.VoteResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input tried on purpose against every RPC of every service of a live cluster: malformed,
 * truncated, oversized and random bytes, unknown node ids and terms from the far future. The
 * nodes answer with a status (never a crash, never a hang) and afterwards still serve, with
 * identical logs and every acknowledged write intact.
 */
class HostileInputIntegrationTest {

    private static final int GARBAGE_PER_METHOD = 12;
    private static final int OVERSIZED_BYTES = 8 << 20;

    @TempDir
    static Path dataRoot;
    private static TestCluster cluster;
    private static final AcknowledgedWrites writes = new AcknowledgedWrites();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3, dataRoot);
        writes.put(cluster, "before", 5);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void everyMethodSurvivesMalformedTruncatedOversizedAndRandomBytes() {
        // Proves no request bytes make any method of any service fail as a server bug
        // (UNKNOWN/INTERNAL) or hang, and that the cluster serves and agrees afterwards.
        Random random = new Random(20261127);
        List<byte[]> payloads = malformedAndTruncated(random);
        for (String method : RawCalls.everyMethod()) {
            List<byte[]> tries = new ArrayList<>(payloads);
            for (int i = 0; i < GARBAGE_PER_METHOD; i++) {
                byte[] garbage = new byte[random.nextInt(256)];
                random.nextBytes(garbage);
                tries.add(garbage);
            }
            for (int id : cluster.ids()) {
                for (byte[] request : tries) {
                    assertAnswered(id, method, request);
                }
            }
            Status oversized = RawCalls.call(cluster.channel(cluster.ids().get(0)), method,
                    new byte[OVERSIZED_BYTES]);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, oversized.getCode(),
                    method + ": " + oversized);
        }
        assertClusterServesAndAgrees();
    }

    /** Bytes that are not a whole protobuf: bad tags, lengths past the end, cut messages. */
    private static List<byte[]> malformedAndTruncated(Random random) {
        List<byte[]> payloads = new ArrayList<>();
        payloads.add(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        payloads.add(new byte[] {0x0a, 0x05, 'a'});
        payloads.add(new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
        payloads.add(new byte[] {0x08, (byte) 0x80, (byte) 0x80, (byte) 0x80});
        payloads.add(new byte[] {0x00});
        payloads.add(new byte[] {0x07}); // wire type 7 does not exist
        byte[] append = PeerMessage.newBuilder().setFrom(1).setTo(2).setTerm(3)
                .setAppendRequest(AppendRequest.newBuilder().setPrevLogIndex(1)
                        .setPrevLogTerm(1).setLeaderCommit(1)
                        .addEntries(Entry.newBuilder().setIndex(2).setTerm(3)
                                .setData(ByteString.copyFromUtf8("forged"))))
                .build().toByteArray();
        byte[] put = PutRequest.newBuilder().setKey("cut")
                .setValue(ByteString.copyFromUtf8("value")).build().toByteArray();
        for (byte[] whole : List.of(append, put)) {
            for (int i = 0; i < 4; i++) {
                payloads.add(Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)));
            }
        }
        return payloads;
    }

    private static void assertAnswered(int id, String method, byte[] request) {
        Status status = RawCalls.call(cluster.channel(id), method, request);
        String what = method + " on node " + id + " with " + request.length + " bytes: "
                + status;
        assertNotEquals(Status.Code.UNKNOWN, status.getCode(), what);
        assertNotEquals(Status.Code.INTERNAL, status.getCode(), what);
        // A write that random bytes made valid may be taken by a leader the garbage of
        // SetLinks cut off: the node then answers, before the deadline, that the outcome is
        // unknown. Only the caller's own deadline, a node that never answered, is a hang.
        boolean answeredInTime = status.getCode() != Status.Code.DEADLINE_EXCEEDED
                || String.valueOf(status.getDescription()).startsWith("outcome unknown");
        assertTrue(answeredInTime, what);
    }

    @Test
    void unknownNodeIdsAreRefused() {
        // Proves peer messages naming a node outside the configuration, or another receiver,
        // are refused as INVALID_ARGUMENT and change nothing.
        int leader = cluster.awaitLeader();
        for (int[] fromTo : new int[][] {{99, leader}, {0, leader}, {-1, leader}, {peerOf(leader),
                99}, {peerOf(leader), peerOf(leader)}, {leader, leader}}) {
            PeerMessage forged = PeerMessage.newBuilder().setFrom(fromTo[0]).setTo(fromTo[1])
                    .setTerm(1).setTimeoutNow(TimeoutNow.getDefaultInstance()).build();
            Status status = RawCalls.call(cluster.channel(leader), "raftdeck.v1.PeerService/Send",
                    forged.toByteArray());
            assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(),
                    "from " + fromTo[0] + " to " + fromTo[1] + ": " + status);
        }
        assertClusterServesAndAgrees();
    }

    @Test
    void termsFromTheFarFutureNeitherCrashNorPinTheCluster() {
        // Proves messages from a real member with terms near 2^63 are dropped (taken, the next
        // election's term + 1 would overflow), 2^64-1 on the wire is refused, a plausible
        // newer term is taken as Raft says, and the cluster still elects, commits and reads.
        for (long jump : new long[] {Long.MAX_VALUE, -1L, RaftCore.MAX_TERM_JUMP + 1, 1000}) {
            int leader = cluster.awaitLeader();
            long leaderTerm = cluster.node(leader).snapshot().raft().term();
            long term = jump < 0 || jump == Long.MAX_VALUE ? jump : leaderTerm + jump;
            int member = peerOf(leader);
            for (PeerMessage.Builder body : farFutureBodies(Math.max(0, term))) {
                PeerMessage message = body.setFrom(member).setTo(leader).setTerm(term).build();
                Status status = RawCalls.call(cluster.channel(leader),
                        "raftdeck.v1.PeerService/Send", message.toByteArray());
                String what = "term " + Long.toUnsignedString(term) + ": " + status;
                assertEquals(term < 0 ? Status.Code.INVALID_ARGUMENT : Status.Code.OK,
                        status.getCode(), what);
            }
            assertClusterServesAndAgrees();
            for (int id : cluster.ids()) {
                long nodeTerm = cluster.node(id).snapshot().raft().term();
                assertTrue(nodeTerm < leaderTerm + RaftCore.MAX_TERM_JUMP, "node " + id
                        + " took term " + nodeTerm + " after " + Long.toUnsignedString(term));
            }
        }
    }

    /** One of each message a member sends; the vote requests claim a log as new as allowed. */
    private static List<PeerMessage.Builder> farFutureBodies(long lastLogTerm) {
        return List.of(
                PeerMessage.newBuilder().setVoteRequest(VoteRequest.newBuilder()
                        .setPreVote(true).setLastLogIndex(1 << 20).setLastLogTerm(lastLogTerm)),
                PeerMessage.newBuilder().setVoteRequest(VoteRequest.newBuilder()
                        .setLastLogIndex(1 << 20).setLastLogTerm(lastLogTerm)),
                PeerMessage.newBuilder().setVoteResponse(VoteResponse.newBuilder()
                        .setGranted(true)),
                PeerMessage.newBuilder().setAppendResponse(AppendResponse.newBuilder()
                        .setSuccess(false).setLastLogIndex(1)),
                PeerMessage.newBuilder().setTimeoutNow(TimeoutNow.getDefaultInstance()));
    }

    private static int peerOf(int id) {
        return cluster.ids().stream().filter(other -> other != id).findFirst().orElseThrow();
    }

    /**
     * Heals any links random bytes may have cut through SetLinks (faults are allowed in the
     * test cluster), then: every node answers status, takes a put and a linearizable get,
     * all logs end up identical, and no acknowledged write is lost.
     */
    private static void assertClusterServesAndAgrees() {
        for (int id : cluster.ids()) {
            cluster.admin(id).setLinks(SetLinksRequest.getDefaultInstance());
        }
        cluster.awaitLeader();
        for (int id : cluster.ids()) {
            assertEquals(id, cluster.admin(id).status(StatusRequest.getDefaultInstance()).getId());
            long index = cluster.client(id).put(PutRequest.newBuilder().setKey("alive-" + id)
                    .setValue(ByteString.copyFromUtf8("yes")).build()).getIndex();
            assertTrue(index > 0);
        }
        writes.put(cluster, "after", 2);
        for (int id : cluster.ids()) {
            writes.assertAllReadable(cluster, id);
        }
        cluster.awaitIdenticalLogs(writes.highestIndex(), TestCluster.DEFAULT_WAIT);
    }
}
