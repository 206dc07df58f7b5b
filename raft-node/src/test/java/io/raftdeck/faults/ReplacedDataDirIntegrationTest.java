package io.raftdeck.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.PeerProgress;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.SetLinksRequest;
import io.raftdeck.proto.v1.StatusRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that comes back on an emptied data directory, on real servers on loopback. It has
 * forgotten the entries it acknowledged and the votes it cast, so if its peers took it for the
 * node they knew, its vote could elect a leader that lacks a committed entry. Its peers must
 * refuse it (a new incarnation), say so in status both ways, and a node restarted on its own
 * data must still be welcome.
 */
class ReplacedDataDirIntegrationTest {

    @TempDir
    Path dataRoot;
    private TestCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aNodeThatLostItsDataCannotHelpElectALeaderWithoutACommittedWrite() throws Exception {
        // Proves that the wiped node's vote does not count. The write below is committed by
        // the leader and the victim alone (the third node is cut off); then both stop, the
        // victim comes back empty and the third node is healed. If the third node took the
        // victim for the node it knew, the two would make a majority and elect the third
        // node, whose log lacks the write: an acknowledged write lost. Instead the victim is
        // refused, nobody leads until the old leader returns, and the write survives.
        cluster = TestCluster.start(3, dataRoot);
        int leader = cluster.awaitLeader();
        List<Integer> followers = cluster.ids().stream().filter(id -> id != leader).toList();
        int behind = followers.get(0);
        int victim = followers.get(1);
        put(leader, "before", "everyone has it");
        cluster.awaitIdenticalLogs(cluster.seedLog(leader).size(), TestCluster.DEFAULT_WAIT);
        // Followers never talk to each other while a leader leads: the third node knows the
        // victim's incarnation only because the leader told it.
        TestCluster.await("node " + behind + " to learn node " + victim + "'s incarnation",
                TestCluster.DEFAULT_WAIT, () -> knows(behind, victim));

        cluster.admin(behind).setLinks(SetLinksRequest.newBuilder()
                .addCut(leader).addCut(victim).build());
        long written = put(leader, "committed", "by the leader and the victim").getIndex();
        TestCluster.await("the victim to hold index " + written, TestCluster.DEFAULT_WAIT,
                () -> cluster.node(victim).snapshot().raft().lastLogIndex() >= written);
        cluster.kill(leader);
        cluster.kill(victim);
        DirectoryDeletion.delete(cluster.config(victim).dataDir());
        cluster.restart(victim);
        cluster.admin(behind).setLinks(SetLinksRequest.getDefaultInstance());

        TestCluster.await("node " + behind + " to refuse the victim or to lead",
                TestCluster.DEFAULT_WAIT, () -> status(behind).getRefusedMembersList()
                        .contains(victim) || status(behind).getRole() == Role.ROLE_LEADER);
        assertNotEquals(Role.ROLE_LEADER, status(behind).getRole(), "node " + behind
                + " was elected with the vote of a node that lost its data");
        TestCluster.await("the victim to see that it is refused", TestCluster.DEFAULT_WAIT,
                () -> status(victim).getRefusedByList().contains(behind));
        // Several election timeouts in which a majority of the members' data is missing: the
        // one span this test watches for nothing to happen, because nothing must.
        long quietUntil = System.nanoTime()
                + 4 * Duration.ofMillis(cluster.config(behind).electionTimeoutMaxMs()).toNanos();
        while (System.nanoTime() - quietUntil < 0) {
            assertNotEquals(Role.ROLE_LEADER, status(behind).getRole());
            assertNotEquals(Role.ROLE_LEADER, status(victim).getRole());
            Thread.onSpinWait();
        }

        cluster.restart(leader);
        int next = cluster.awaitLeader();
        assertNotEquals(victim, next);
        assertEquals("by the leader and the victim", cluster.client(next)
                .get(GetRequest.newBuilder().setKey("committed").build()).getValue()
                .toStringUtf8());
    }

    @Test
    void aNodeRestartedOnItsOwnDataIsTheSameMember() throws Exception {
        // Proves that the incarnation survives a restart (it lives in the data dir), and that
        // peers who recorded it, restarted too, still know it: the node's acknowledgements
        // count again at once.
        cluster = TestCluster.start(3, dataRoot);
        int leader = cluster.awaitLeader();
        int follower = cluster.ids().stream().filter(id -> id != leader).findFirst()
                .orElseThrow();
        String incarnation = status(follower).getIncarnation();
        assertEquals(16, incarnation.length(), incarnation);
        put(leader, "first", "1");
        for (int id : cluster.ids()) {
            cluster.kill(id);
        }
        for (int id : cluster.ids()) {
            cluster.restart(id);
        }
        int newLeader = cluster.awaitLeader();
        assertEquals(incarnation, status(follower).getIncarnation());
        long index = put(newLeader, "second", "2").getIndex();
        if (newLeader != follower) {
            TestCluster.await("the leader to count node " + follower + "'s acknowledgement",
                    TestCluster.DEFAULT_WAIT, () -> matchIndexOf(newLeader, follower) >= index);
        }
        for (int id : cluster.ids()) {
            assertTrue(status(id).getRefusedMembersList().isEmpty(), status(id).toString());
            assertTrue(status(id).getRefusedByList().isEmpty(), status(id).toString());
        }
    }

    @Test
    void aWipedNodeComesBackWithANewIncarnation() throws Exception {
        cluster = TestCluster.start(3, dataRoot);
        int leader = cluster.awaitLeader();
        int victim = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        String before = status(victim).getIncarnation();
        List<Integer> peers = cluster.ids().stream().filter(id -> id != victim).toList();
        // A peer that never heard of the victim would take the new one on first use.
        TestCluster.await("both peers to know node " + victim + "'s incarnation",
                TestCluster.DEFAULT_WAIT, () -> peers.stream().allMatch(id -> knows(id, victim)));
        cluster.kill(victim);
        DirectoryDeletion.delete(cluster.config(victim).dataDir());
        cluster.restart(victim);
        assertFalse(before.equals(status(victim).getIncarnation()));
        // Whoever leads by now hears from it first (answers to its heartbeats); leadership
        // may have moved meanwhile on a loaded machine, so any peer's refusal will do.
        TestCluster.await("a peer to refuse node " + victim, TestCluster.DEFAULT_WAIT,
                () -> peers.stream().anyMatch(
                        id -> status(id).getRefusedMembersList().contains(victim)));
    }

    private io.raftdeck.proto.v1.WriteResponse put(int leader, String key, String value) {
        return cluster.client(leader).put(PutRequest.newBuilder().setKey(key)
                .setValue(ByteString.copyFromUtf8(value)).build());
    }

    /** Whether node {@code id} recorded {@code member}'s incarnation in its data dir. */
    private boolean knows(int id, int member) {
        Path record = cluster.config(id).dataDir().resolve("peer-incarnations");
        try {
            return Files.exists(record) && Files.readAllLines(record).stream()
                    .anyMatch(line -> line.startsWith(member + " "));
        } catch (IOException e) {
            return false; // replaced while read: asked again
        }
    }

    private NodeStatus status(int id) {
        return cluster.admin(id).status(StatusRequest.getDefaultInstance());
    }

    private long matchIndexOf(int leader, int id) {
        return status(leader).getPeersList().stream().filter(peer -> peer.getId() == id)
                .mapToLong(PeerProgress::getMatchIndex).findFirst().orElseThrow();
    }
}
