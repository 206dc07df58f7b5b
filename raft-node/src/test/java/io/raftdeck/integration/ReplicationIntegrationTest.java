package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftdeck.proto.seed.ClientRequestMessage;
import io.raftdeck.proto.seed.LogEntry;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.DeleteRequest;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.GetResponse;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicationIntegrationTest {

    @TempDir
    Path dataRoot;

    private static int aFollower(TestCluster cluster, int leader) {
        return cluster.runningIds().stream().filter(id -> id != leader).findFirst().orElseThrow();
    }

    private static List<String> commands(List<LogEntry> log) {
        return log.stream().map(LogEntry::getCommand).toList();
    }

    @Test
    void writesSentToAFollowerCommitAndEveryLogIsIdentical() throws Exception {
        // Proves a follower forwards writes, they commit, and all five logs end up equal.
        try (TestCluster cluster = TestCluster.start(5, dataRoot)) {
            int leader = cluster.awaitLeader();
            int follower = aFollower(cluster, leader);
            WriteResponse put = cluster.client(follower).put(PutRequest.newBuilder()
                    .setKey("color").setValue(ByteString.copyFromUtf8("blue")).build());
            assertEquals(leader, put.getLeaderId());
            WriteResponse command = cluster.client(follower).command(CommandRequest.newBuilder()
                    .setCommand(ByteString.copyFromUtf8("deploy v2")).build());
            assertEquals(put.getIndex() + 1, command.getIndex());
            assertTrue(cluster.seed(follower).clientRequest(ClientRequestMessage.newBuilder()
                    .setCommand("hello from the seed").build()).getSuccess());
            GetResponse get = cluster.client(follower).get(
                    GetRequest.newBuilder().setKey("color").build());
            assertTrue(get.getFound());
            assertEquals("blue", get.getValue().toStringUtf8());
            WriteResponse delete = cluster.client(follower).delete(
                    DeleteRequest.newBuilder().setKey("color").build());
            assertTrue(delete.getExisted());

            List<LogEntry> log = cluster.awaitIdenticalLogs(delete.getIndex(),
                    TestCluster.DEFAULT_WAIT);
            // The get is a read-index read: it leaves no entry in the log.
            assertEquals(List.of("set color=blue", "deploy v2", "hello from the seed",
                    "del color"),
                    commands(log.subList((int) put.getIndex() - 1, (int) delete.getIndex())));
        }
    }

    @Test
    void aRestartedNodeCatchesUpFromItsDataDir() throws Exception {
        // Proves a node closed and restarted from its WAL keeps its log and gets what it missed.
        try (TestCluster cluster = TestCluster.start(5, dataRoot)) {
            int leader = cluster.awaitLeader();
            int follower = aFollower(cluster, leader);
            cluster.client(leader).command(CommandRequest.newBuilder()
                    .setCommand(ByteString.copyFromUtf8("before the crash")).build());
            cluster.awaitIdenticalLogs(2, TestCluster.DEFAULT_WAIT);
            cluster.kill(follower);
            WriteResponse missed = null;
            for (int i = 0; i < 20; i++) {
                missed = cluster.client(leader).put(PutRequest.newBuilder().setKey("k" + i)
                        .setValue(ByteString.copyFromUtf8("v" + i)).build());
            }
            cluster.restart(follower);
            List<LogEntry> log = cluster.awaitIdenticalLogs(missed.getIndex(),
                    TestCluster.DEFAULT_WAIT);
            assertTrue(commands(log).contains("before the crash"));
            assertTrue(commands(log).contains("set k19=v19"));
            GetRequest localRead = GetRequest.newBuilder().setKey("k19").setStale(true).build();
            TestCluster.await("the restarted node to apply what it missed",
                    TestCluster.DEFAULT_WAIT,
                    () -> cluster.client(follower).get(localRead).getFound());
            GetResponse stale = cluster.client(follower).get(localRead);
            assertEquals("v19", stale.getValue().toStringUtf8());
            assertTrue(stale.getIndex() >= missed.getIndex());
        }
    }
}
