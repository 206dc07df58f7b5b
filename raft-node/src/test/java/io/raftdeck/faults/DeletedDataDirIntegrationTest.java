package io.raftdeck.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.PeerProgress;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory deleted under a running node, on real servers on loopback. Its open files
 * keep taking writes and syncs, so without a check it would acknowledge entries (and cast
 * votes) that no restart can find: a node that lost its log and vote can vote twice in a
 * term. It must notice, stop with the directory named, and acknowledge nothing after.
 */
class DeletedDataDirIntegrationTest {

    /** The node's periodic check (once a second) plus room for a loaded machine. */
    private static final Duration NOTICE_BOUND = Duration.ofSeconds(5);

    @TempDir
    Path dataRoot;
    private TestCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private WriteResponse put(int leader, String key) {
        return cluster.client(leader).put(PutRequest.newBuilder().setKey(key)
                .setValue(ByteString.copyFromUtf8("value of " + key)).build());
    }

    /** What the leader knows node {@code id} holds. */
    private long matchIndexOf(int leader, int id) {
        NodeStatus status = cluster.admin(leader).status(StatusRequest.getDefaultInstance());
        return status.getPeersList().stream().filter(peer -> peer.getId() == id)
                .mapToLong(PeerProgress::getMatchIndex).findFirst().orElseThrow();
    }

    @Test
    void followerNeverAcknowledgesAWriteAfterItsDataDirWasDeleted() throws Exception {
        // Proves that a follower whose data dir is deleted does not acknowledge the next write
        // (its save checks the files before the acknowledgement may leave), stops with the
        // directory named and reports ROLE_STOPPED, and acknowledges nothing later either,
        // while the other two keep committing.
        cluster = TestCluster.start(3, dataRoot);
        int leader = cluster.awaitLeader();
        int victim = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        long before = put(leader, "before").getIndex();
        cluster.awaitIdenticalLogs(before, TestCluster.DEFAULT_WAIT);
        Path dataDir = cluster.config(victim).dataDir();

        DirectoryDeletion.delete(dataDir);
        long after = put(leader, "after-delete").getIndex();
        TestCluster.await("node " + victim + " to stop", NOTICE_BOUND,
                () -> cluster.node(victim).failure().isPresent());
        String failure = cluster.node(victim).failure().orElseThrow();
        assertTrue(failure.contains(dataDir.toString()) && failure.contains("deleted"), failure);
        NodeStatus stopped = cluster.admin(victim).status(StatusRequest.getDefaultInstance());
        assertEquals(Role.ROLE_STOPPED, stopped.getRole());
        assertEquals(failure, stopped.getFailure());

        long acknowledged = matchIndexOf(leader, victim);
        assertTrue(acknowledged < after, "node " + victim + " acknowledged index "
                + acknowledged + ", written after its data dir was deleted at " + after);
        long later = 0;
        for (int i = 0; i < 5; i++) {
            later = put(leader, "later-" + i).getIndex();
        }
        long last = later;
        TestCluster.await("the leader to commit " + last, TestCluster.DEFAULT_WAIT,
                () -> cluster.node(leader).snapshot().raft().commitIndex() >= last);
        assertEquals(acknowledged, matchIndexOf(leader, victim),
                "the stopped node acknowledged entries after it noticed");
    }

    @Test
    void idleNodeNoticesItsDeletedDataDirWithinTheBound() throws Exception {
        // Proves that with no write at all (a follower that only answers heartbeats, which
        // need no save) the node's periodic check finds the deletion within the bound and
        // stops it with the directory named, while the cluster keeps a leader.
        cluster = TestCluster.start(3, dataRoot);
        int leader = cluster.awaitLeader();
        int victim = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        Path dataDir = cluster.config(victim).dataDir();
        long deletedNanos = System.nanoTime();
        DirectoryDeletion.delete(dataDir);
        TestCluster.await("node " + victim + " to notice", NOTICE_BOUND,
                () -> cluster.node(victim).failure().isPresent());
        long noticedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deletedNanos);
        String failure = cluster.node(victim).failure().orElseThrow();
        assertTrue(failure.contains(dataDir.toString()), failure);
        assertTrue(noticedMs <= NOTICE_BOUND.toMillis(), noticedMs + " ms");
        assertEquals(leader, cluster.awaitLeader());
        put(leader, "still-serving");
    }
}
