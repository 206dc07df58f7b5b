package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.proto.seed.ClientRequestMessage;
import io.raftdeck.proto.v1.CasRequest;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.statemachine.KeyValueCommand;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * --max-command-bytes is the size of what the client sends (a value, a command), as the README
 * says: exactly the limit goes through every hop at the default limit (client to follower,
 * forward to the leader, append to the followers, reads back), one byte more is refused.
 */
class CommandSizeLimitIntegrationTest {

    private static final int LIMIT = NodeConfig.DEFAULT_MAX_COMMAND_BYTES;

    @TempDir
    static Path dataRoot;
    private static TestCluster cluster;
    private static int follower;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3, dataRoot);
        int leader = cluster.awaitLeader();
        follower = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void aValueOfExactlyTheLimitUnderTheLongestKeyIsStoredOnEveryNode() {
        // Proves the limit counts the value alone, and that every gRPC message on the way
        // (the forward to the leader, the append that carries it) has room for it.
        String key = "k".repeat(KeyValueCommand.MAX_KEY_BYTES);
        ByteString value = filled(LIMIT, 'v');
        cluster.client(follower).put(PutRequest.newBuilder().setKey(key).setValue(value)
                .build());
        for (int id : cluster.ids()) {
            TestCluster.await("the value on node " + id, TestCluster.DEFAULT_WAIT,
                    () -> value.equals(cluster.client(id).get(GetRequest.newBuilder()
                            .setKey(key).setStale(true).build()).getValue()));
        }
    }

    @Test
    void aValueOneByteOverTheLimitIsRefusedWithBothSizesNamed() {
        // Proves one byte more is INVALID_ARGUMENT, saying what was too big and by how much.
        PutRequest tooBig = PutRequest.newBuilder().setKey("k").setValue(filled(LIMIT + 1, 'v'))
                .build();
        String refusal = refused(() -> cluster.client(follower).put(tooBig));
        assertEquals("value is " + (LIMIT + 1) + " bytes; the limit is " + LIMIT + " bytes",
                refusal);
    }

    @Test
    void commandsCountTheirOwnBytes() {
        // Proves a free-text command, v1 and seed, may be exactly the limit and not more.
        ByteString command = filled(LIMIT, 'c');
        assertTrue(cluster.client(follower).command(CommandRequest.newBuilder()
                .setCommand(command).build()).getIndex() > 0);
        assertTrue(cluster.seed(follower).clientRequest(ClientRequestMessage.newBuilder()
                .setCommand("s".repeat(LIMIT)).build()).getSuccess());
        refused(() -> cluster.client(follower).command(CommandRequest.newBuilder()
                .setCommand(filled(LIMIT + 1, 'c')).build()));
        refused(() -> cluster.seed(follower).clientRequest(ClientRequestMessage.newBuilder()
                .setCommand("s".repeat(LIMIT + 1)).build()));
    }

    @Test
    void aCasCountsItsExpectedAndNewValuesTogether() {
        // Proves a cas whose two values make exactly the limit swaps, and one byte more is
        // refused: both travel in the one log entry.
        cluster.client(follower).put(PutRequest.newBuilder().setKey("c")
                .setValue(filled(1, 'a')).build());
        assertTrue(cluster.client(follower).cas(CasRequest.newBuilder().setKey("c")
                .setExpected(filled(1, 'a')).setValue(filled(LIMIT - 1, 'b')).build())
                .getSwapped());
        refused(() -> cluster.client(follower).cas(CasRequest.newBuilder().setKey("c")
                .setExpected(filled(LIMIT - 1, 'b')).setValue(filled(2, 'd')).build()));
    }

    private static String refused(Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(),
                e.getStatus().toString());
        return e.getStatus().getDescription();
    }

    private static ByteString filled(int bytes, char with) {
        byte[] value = new byte[bytes];
        Arrays.fill(value, (byte) with);
        return ByteString.copyFrom(value);
    }
}
