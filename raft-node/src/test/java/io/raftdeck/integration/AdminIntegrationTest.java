package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.SetLinksRequest;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.TransferRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class AdminIntegrationTest {

    @TempDir
    Path dataRoot;

    private static NodeStatus status(TestCluster cluster, int id, int logTail) {
        return cluster.admin(id).status(StatusRequest.newBuilder().setLogTail(logTail).build());
    }

    @Test
    void statusDescribesTheLeaderItsPeersAndItsLog() throws Exception {
        // Proves Status fills role, term, indexes, peer progress, members and the rendered tail.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            int leader = cluster.awaitLeader();
            WriteResponse written = cluster.client(leader).command(CommandRequest.newBuilder()
                    .setCommand(ByteString.copyFromUtf8("status check")).build());
            TestCluster.await("every peer to match the command", TestCluster.DEFAULT_WAIT,
                    () -> status(cluster, leader, 0).getPeersList().stream()
                            .allMatch(peer -> peer.getMatchIndex() >= written.getIndex()));
            NodeStatus status = status(cluster, leader, 2);
            assertEquals(leader, status.getId());
            assertEquals(cluster.config(leader).listen().toString(), status.getAddress());
            assertEquals(Role.ROLE_LEADER, status.getRole());
            assertEquals(written.getTerm(), status.getTerm());
            assertEquals(leader, status.getLeaderId());
            assertEquals(leader, status.getVotedFor());
            assertTrue(status.getCommitIndex() >= written.getIndex());
            assertTrue(status.getLastLogIndex() >= written.getIndex());
            assertEquals(List.of(1, 2, 3), status.getMembersList());
            assertEquals(2, status.getPeersCount());
            assertEquals(2, status.getLogTailCount());
            assertEquals("status check", status.getLogTail(1).getCommand());
            assertEquals(written.getIndex(), status.getLogTail(1).getIndex());
            assertTrue(status.getFaultsAllowed());

            int follower = cluster.ids().stream().filter(id -> id != leader).findFirst()
                    .orElseThrow();
            NodeStatus followerStatus = status(cluster, follower, 0);
            assertEquals(Role.ROLE_FOLLOWER, followerStatus.getRole());
            assertTrue(followerStatus.getElectionTimeoutMs() > 0);
            assertTrue(followerStatus.getElectionTimeoutLeftMs()
                    <= followerStatus.getElectionTimeoutMs());
        }
    }

    @Test
    void statusCountsTheLogSavesAndTheEntriesTheyMadeDurable() throws Exception {
        // Proves Status carries each node's WAL save and persisted-entry counters, and that a
        // committed write moves both on the leader and on the followers that stored it.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            int leader = cluster.awaitLeader();
            NodeStatus before = status(cluster, leader, 1);
            WriteResponse written = cluster.client(leader).command(CommandRequest.newBuilder()
                    .setCommand(ByteString.copyFromUtf8("count me")).build());
            TestCluster.await("every node to apply the command", TestCluster.DEFAULT_WAIT,
                    () -> cluster.ids().stream().allMatch(id ->
                            status(cluster, id, 1).getLastApplied() >= written.getIndex()));
            NodeStatus after = status(cluster, leader, 1);
            assertTrue(after.getWalSaves() > before.getWalSaves(), after::toString);
            assertTrue(after.getEntriesPersisted() > before.getEntriesPersisted(),
                    after::toString);
            for (int id : cluster.ids()) {
                NodeStatus status = status(cluster, id, 1);
                // Every entry up to the command went through a save on every node.
                assertTrue(status.getEntriesPersisted() >= written.getIndex(), status::toString);
                assertTrue(status.getWalSaves() >= 1, status::toString);
            }
        }
    }

    @Test
    void cutLinksShowInStatusAndHeal() throws Exception {
        // Proves SetLinks replaces the cut set, Status reports it, and an empty set heals.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            cluster.awaitLeader();
            assertEquals(List.of(2, 3), cluster.admin(1).setLinks(SetLinksRequest.newBuilder()
                    .addCut(3).addCut(2).build()).getCutList());
            TestCluster.await("status to show the cut links", TestCluster.DEFAULT_WAIT,
                    () -> status(cluster, 1, 0).getCutLinksList().equals(List.of(2, 3)));
            cluster.admin(1).setLinks(SetLinksRequest.getDefaultInstance());
            TestCluster.await("status to show healed links", TestCluster.DEFAULT_WAIT,
                    () -> status(cluster, 1, 0).getCutLinksCount() == 0);
            cluster.awaitIdenticalLogs(1, TestCluster.DEFAULT_WAIT);
        }
    }

    @Test
    void withoutFaultsAllowedOnlyStatusAnswers() throws Exception {
        // Proves that on nodes started without --allow-faults Status still answers, while
        // SetLinks and TransferLeadership are refused with PERMISSION_DENIED in one sentence
        // naming the flag, and leadership stays where it was.
        try (TestCluster cluster = TestCluster.start(3, dataRoot, config -> new NodeConfig(
                config.id(), config.members(), config.dataDir(), config.tickMs(),
                config.heartbeatMs(), config.electionTimeoutMinMs(),
                config.electionTimeoutMaxMs(), false, config.maxCommandBytes(),
                config.randomSeed()))) {
            int leader = cluster.awaitLeader();
            int follower = cluster.ids().stream().filter(id -> id != leader).findFirst()
                    .orElseThrow();
            NodeStatus status = status(cluster, leader, 0);
            assertEquals(Role.ROLE_LEADER, status.getRole());
            assertEquals(false, status.getFaultsAllowed());

            assertRefusedNamingTheFlag(() -> cluster.admin(leader)
                    .setLinks(SetLinksRequest.newBuilder().addCut(follower).build()));
            assertRefusedNamingTheFlag(() -> cluster.admin(leader).setLinks(
                    SetLinksRequest.getDefaultInstance()));
            assertRefusedNamingTheFlag(() -> cluster.admin(leader).transferLeadership(
                    TransferRequest.newBuilder().setTo(follower).build()));
            assertRefusedNamingTheFlag(() -> cluster.admin(follower).transferLeadership(
                    TransferRequest.newBuilder().setTo(follower).build()));

            assertEquals(List.of(), status(cluster, leader, 0).getCutLinksList());
            assertEquals(leader, cluster.awaitLeader());
            assertEquals(status.getTerm(), status(cluster, leader, 0).getTerm());
        }
    }

    private static void assertRefusedNamingTheFlag(Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(),
                e.getStatus().toString());
        String description = e.getStatus().getDescription();
        assertTrue(description.contains("--allow-faults") && !description.contains("\n"),
                description);
    }
}
