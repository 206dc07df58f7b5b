package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.GetResponse;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.TransferRequest;
import io.raftdeck.proto.v1.TransferResponse;
import io.raftdeck.proto.v1.WriteResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leadership transfer and ReadIndex reads over real gRPC between five nodes. */
class TransferAndReadIntegrationTest {

    @TempDir
    Path dataRoot;
    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(5, dataRoot);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void transferMovesLeadershipToTheTargetAtAHigherTerm() {
        // Proves TransferLeadership: the answer names the target as leader, every node agrees,
        // and the new leader commits writes.
        int leader = cluster.awaitLeader();
        long term = cluster.node(leader).snapshot().raft().term();
        int target = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();

        TransferResponse response = cluster.admin(leader)
                .transferLeadership(TransferRequest.newBuilder().setTo(target).build());

        assertEquals(target, response.getLeaderId());
        assertTrue(response.getTerm() > term);
        TestCluster.await("everyone follows node " + target, TestCluster.DEFAULT_WAIT,
                () -> cluster.agreedLeader().orElse(0) == target);
        WriteResponse write = cluster.client(leader).put(PutRequest.newBuilder().setKey("k")
                .setValue(ByteString.copyFromUtf8("after-transfer")).build());
        assertEquals(target, write.getLeaderId());
    }

    @Test
    void readAfterAcknowledgedWriteSeesItOnEveryNode() {
        // Proves linearizable gets: once a put is acknowledged, a get sent to any node (the
        // leader's read index, forwarded from followers) returns it — and adds nothing to the
        // log, unlike a read that goes through the log.
        cluster.awaitLeader();
        for (int round = 0; round < 5; round++) {
            String value = "v" + round;
            int writer = cluster.ids().get(round % cluster.ids().size());
            WriteResponse write = cluster.client(writer).put(PutRequest.newBuilder()
                    .setKey("key").setValue(ByteString.copyFromUtf8(value)).build());
            long lastIndex = write.getIndex();
            for (int reader : cluster.ids()) {
                GetResponse read = cluster.client(reader)
                        .get(GetRequest.newBuilder().setKey("key").build());
                assertTrue(read.getFound(), "node " + reader);
                assertEquals(value, read.getValue().toStringUtf8(), "node " + reader);
                assertTrue(read.getIndex() >= lastIndex, "read index covers the write");
            }
            int leader = cluster.awaitLeader();
            assertEquals(lastIndex, cluster.node(leader).snapshot().raft().lastLogIndex(),
                    "reads appended nothing to the log");
        }
    }
}
