package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.proto.seed.ClientRequestMessage;
import io.raftdeck.proto.seed.ClientResponseMessage;
import io.raftdeck.proto.seed.GetStatusRequest;
import io.raftdeck.proto.seed.GetStatusResponse;
import io.raftdeck.proto.seed.LogEntry;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.SetLinksRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedContractIntegrationTest {

    @TempDir
    Path dataRoot;

    private static GetStatusResponse status(TestCluster cluster, int id) {
        return cluster.seed(id).getStatus(GetStatusRequest.getDefaultInstance());
    }

    private static ClientResponseMessage request(TestCluster cluster, int id, String command) {
        return cluster.seed(id).clientRequest(
                ClientRequestMessage.newBuilder().setCommand(command).build());
    }

    /** Timing under which no election timer fires during a test. */
    private static NodeConfig withoutElections(NodeConfig config) {
        return new NodeConfig(config.id(), config.members(), config.dataDir(), config.tickMs(),
                config.heartbeatMs(), 600_000, 700_000, config.allowFaults(),
                config.maxCommandBytes(), config.randomSeed());
    }

    @Test
    void beforeAnyElectionStatusShowsFollowersAndMinusOnes() throws Exception {
        // Proves GetStatus says "Follower" with -1 for no vote and no leader, and GetLog is empty.
        try (TestCluster cluster = TestCluster.start(3, dataRoot,
                SeedContractIntegrationTest::withoutElections)) {
            for (int id : cluster.ids()) {
                GetStatusResponse status = status(cluster, id);
                assertEquals("Follower", status.getState());
                assertEquals(0, status.getCurrentTerm());
                assertEquals(-1, status.getVotedFor());
                assertEquals(-1, status.getLeaderId());
                assertEquals(List.of(), cluster.seedLog(id));
            }
        }
    }

    @Test
    void statusNamesTheLeaderOnEveryNode() throws Exception {
        // Proves GetStatus says "Leader" on the leader and every node reports its id and term.
        try (TestCluster cluster = TestCluster.start(5, dataRoot)) {
            int leader = cluster.awaitLeader();
            GetStatusResponse leaderStatus = status(cluster, leader);
            assertEquals("Leader", leaderStatus.getState());
            assertEquals(leader, leaderStatus.getVotedFor());
            assertTrue(leaderStatus.getCurrentTerm() >= 1);
            for (int id : cluster.ids()) {
                if (id != leader) {
                    GetStatusResponse follower = status(cluster, id);
                    assertEquals("Follower", follower.getState());
                    assertEquals(leader, follower.getLeaderId());
                    assertEquals(leaderStatus.getCurrentTerm(), follower.getCurrentTerm());
                }
            }
        }
    }

    @Test
    void clientRequestSucceedsOnlyOnceCommitted() throws Exception {
        // Proves success=true means committed everywhere, and an isolated leader never says it.
        try (TestCluster cluster = TestCluster.start(5, dataRoot)) {
            int leader = cluster.awaitLeader();
            ClientResponseMessage committed = request(cluster, leader, "SET x 1");
            assertTrue(committed.getSuccess(), committed.getMessage());
            List<LogEntry> log = cluster.awaitIdenticalLogs(2, TestCluster.DEFAULT_WAIT);
            assertTrue(log.stream().anyMatch(entry -> entry.getCommand().equals("SET x 1")));

            List<Integer> peers = cluster.ids().stream().filter(id -> id != leader).toList();
            cluster.admin(leader).setLinks(SetLinksRequest.newBuilder().addAllCut(peers).build());
            ClientResponseMessage isolated = request(cluster, leader, "SET x 2");
            assertFalse(isolated.getSuccess(), "an isolated leader cannot commit");
            // It was appended and may yet commit, as far as the node can tell: it says so.
            assertTrue(isolated.getMessage().startsWith("outcome unknown"),
                    isolated.getMessage());

            cluster.admin(leader).setLinks(SetLinksRequest.getDefaultInstance());
            int newLeader = cluster.awaitLeader();
            ClientResponseMessage after = request(cluster, newLeader, "SET x 3");
            assertTrue(after.getSuccess(), after.getMessage());
            List<LogEntry> healed = cluster.awaitIdenticalLogs(3, TestCluster.DEFAULT_WAIT);
            assertTrue(healed.stream().noneMatch(entry -> entry.getCommand().equals("SET x 2")),
                    "the uncommitted command must have been overwritten");
        }
    }

    @Test
    void withoutAMajorityThereIsNoLeaderAndRequestsSaySo() throws Exception {
        // Proves a node left without a majority answers "No leader available" in bounded time.
        try (TestCluster cluster = TestCluster.start(5, dataRoot)) {
            int leader = cluster.awaitLeader();
            List<Integer> others = cluster.ids().stream().filter(id -> id != leader).toList();
            // Followers first, the leader last: killed the other way round, the survivors
            // could elect a new leader between two kills (a crashed leader is replaced within
            // tens of milliseconds), and the survivor would answer as that leader instead.
            cluster.kill(others.get(0));
            cluster.kill(others.get(1));
            cluster.kill(leader);
            int survivor = others.get(2);

            ClientResponseMessage refused = request(cluster, survivor, "SET y 1");
            assertFalse(refused.getSuccess());
            assertEquals("No leader available", refused.getMessage());
            TestCluster.await("the survivor to know there is no leader", TestCluster.DEFAULT_WAIT,
                    () -> status(cluster, survivor).getLeaderId() == -1);
            String state = status(cluster, survivor).getState();
            assertTrue(state.equals("Follower") || state.equals("Candidate"), state);

            long started = System.nanoTime();
            StatusRuntimeException unavailable = assertThrows(StatusRuntimeException.class,
                    () -> cluster.client(survivor).put(PutRequest.newBuilder().setKey("y")
                            .setValue(ByteString.copyFromUtf8("1")).build()));
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(Status.Code.UNAVAILABLE, unavailable.getStatus().getCode());
            assertTrue(unavailable.getStatus().getDescription().contains("no leader"));
            assertTrue(elapsedMs < 5_000, "took " + elapsedMs + " ms");
        }
    }
}
