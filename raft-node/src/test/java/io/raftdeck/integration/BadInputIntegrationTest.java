package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.proto.seed.ClientRequestMessage;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.DeleteRequest;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.PeerMessage;
import io.raftdeck.proto.v1.PeerServiceGrpc;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.SetLinksRequest;
import io.raftdeck.proto.v1.TimeoutNow;
import io.raftdeck.proto.v1.TransferRequest;
import io.raftdeck.statemachine.KeyValueCommand;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Bad input of every kind gets INVALID_ARGUMENT (or its own clear status), never a crash. */
class BadInputIntegrationTest {

    private static final int MAX_COMMAND_BYTES = 1024;

    @TempDir
    static Path dataRoot;
    private static TestCluster cluster;
    private static int leader;
    private static int follower;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3, dataRoot, config -> new NodeConfig(config.id(),
                config.members(), config.dataDir(), config.tickMs(), config.heartbeatMs(),
                config.electionTimeoutMinMs(), config.electionTimeoutMaxMs(),
                config.allowFaults(), MAX_COMMAND_BYTES, config.randomSeed()));
        leader = cluster.awaitLeader();
        follower = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static void assertStatus(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().getDescription());
        assertTrue(e.getStatus().getDescription() != null
                && !e.getStatus().getDescription().contains("\n"));
    }

    private static PutRequest put(String key, int valueBytes) {
        return PutRequest.newBuilder().setKey(key)
                .setValue(ByteString.copyFrom(new byte[valueBytes])).build();
    }

    @Test
    void badClientRequestsAreInvalidArguments() {
        // Proves empty keys, oversized values and bad commands are refused on leader and follower.
        for (int id : new int[] {leader, follower}) {
            assertStatus(Status.Code.INVALID_ARGUMENT, () -> cluster.client(id).put(put("", 1)));
            assertStatus(Status.Code.INVALID_ARGUMENT,
                    () -> cluster.client(id).put(put("k", MAX_COMMAND_BYTES + 1)));
            assertStatus(Status.Code.INVALID_ARGUMENT, () -> cluster.client(id)
                    .delete(DeleteRequest.getDefaultInstance()));
            assertStatus(Status.Code.INVALID_ARGUMENT, () -> cluster.client(id)
                    .get(GetRequest.getDefaultInstance()));
            assertStatus(Status.Code.INVALID_ARGUMENT, () -> cluster.client(id)
                    .command(CommandRequest.getDefaultInstance()));
            byte[] disguised = new KeyValueCommand.Delete("k").encode();
            CommandRequest disguisedCommand = CommandRequest.newBuilder()
                    .setCommand(ByteString.copyFrom(disguised)).build();
            assertStatus(Status.Code.INVALID_ARGUMENT,
                    () -> cluster.client(id).command(disguisedCommand));
            assertStatus(Status.Code.INVALID_ARGUMENT, () -> cluster.seed(id).clientRequest(
                    ClientRequestMessage.getDefaultInstance()));
            assertStatus(Status.Code.INVALID_ARGUMENT, () -> cluster.seed(id).clientRequest(
                    ClientRequestMessage.newBuilder()
                            .setCommand("x".repeat(MAX_COMMAND_BYTES + 1)).build()));
        }
        assertNodesStillServe();
    }

    /** Raw bytes to {@code method} on node {@code id}; throws the call's error status. */
    private static void rawCall(int id, String method, byte[] request) {
        Status status = RawCalls.call(cluster.channel(id), method, request);
        if (!status.isOk()) {
            throw status.asRuntimeException();
        }
    }

    @Test
    void undecodableBytesAreInvalidArguments() {
        // Proves requests that are not valid protobuf get INVALID_ARGUMENT, not INTERNAL.
        byte[] truncated = {0x0a, 0x05, 'a'};
        byte[] badUtf8Key = {0x0a, 0x01, (byte) 0xff};
        assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> rawCall(follower, "raftdeck.v1.ClientService/Put", truncated));
        assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> rawCall(leader, "raftdeck.v1.ClientService/Put", badUtf8Key));
        assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> rawCall(leader, "raft.RaftService/ClientRequest", badUtf8Key));
        assertNodesStillServe();
    }

    @Test
    void keysThatAreNotValidUtf8AreRefusedAsSuch() {
        // Proves a key whose bytes are not UTF-8 is refused with INVALID_ARGUMENT saying so, on
        // put, get, delete and cas, at leader and follower, instead of being decoded with
        // U+FFFD in place of the bad bytes (which would make different keys collide).
        byte[] keyWithBadByte = {0x0a, 0x02, 'k', (byte) 0xff};
        for (int id : new int[] {leader, follower}) {
            for (String method : new String[] {"Put", "Get", "Delete", "Cas"}) {
                StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                        () -> rawCall(id, "raftdeck.v1.ClientService/" + method,
                                keyWithBadByte));
                assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
                assertTrue(refused.getStatus().getDescription().contains("not valid UTF-8"),
                        method + ": " + refused.getStatus().getDescription());
            }
        }
        assertNodesStillServe();
    }

    @Test
    void peerMessagesFromStrangersOrWithoutBodyAreRefused() {
        // Proves the peer service refuses unknown senders and malformed messages.
        PeerServiceGrpc.PeerServiceBlockingStub peer = PeerServiceGrpc.newBlockingStub(
                cluster.channel(leader)).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> peer.send(PeerMessage.newBuilder()
                .setFrom(9).setTo(leader).setTerm(1)
                .setTimeoutNow(TimeoutNow.getDefaultInstance()).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> peer.send(PeerMessage.newBuilder()
                .setFrom(follower).setTo(leader).setTerm(1).build()));
        assertNodesStillServe();
    }

    @Test
    void adminRefusesUnknownLinksAndBadTransfers() {
        // Proves SetLinks rejects non-peers, and TransferLeadership rejects a non-member target
        // and a request sent to a node that does not lead.
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> cluster.admin(leader)
                .setLinks(SetLinksRequest.newBuilder().addCut(42).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> cluster.admin(leader)
                .setLinks(SetLinksRequest.newBuilder().addCut(leader).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> cluster.admin(leader)
                .transferLeadership(TransferRequest.newBuilder().setTo(42).build()));
        int third = cluster.ids().stream().filter(id -> id != leader && id != follower)
                .findFirst().orElseThrow();
        assertStatus(Status.Code.UNAVAILABLE, () -> cluster.admin(follower)
                .transferLeadership(TransferRequest.newBuilder().setTo(third).build()));
        assertNodesStillServe();
    }

    private static void assertNodesStillServe() {
        for (int id : cluster.runningIds()) {
            assertTrue(cluster.client(id).put(put("still-" + id, 3)).getIndex() > 0);
        }
    }
}
