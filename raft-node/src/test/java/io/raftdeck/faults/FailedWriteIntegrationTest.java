package io.raftdeck.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.proto.seed.GetStatusRequest;
import io.raftdeck.proto.seed.GetStatusResponse;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.StatusRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAL write that fails on a real server stops the node for good: it answers "stopped", keeps
 * its reason, and never touches its log again (a failed write or fsync is never retried, since
 * the kernel may have dropped the pages it failed to write).
 */
class FailedWriteIntegrationTest {

    private static final long SEGMENT_BYTES = 4096;
    private static final int MAX_PUTS = 200;

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
    void failedWalWriteStopsTheNodeWhichNeverRetries() throws Exception {
        // Proves that when a follower cannot create its next WAL segment (a file squats on the
        // name, so the real open fails) it stops with the file named, answers UNAVAILABLE
        // "stopped", and never writes to its log again while the others keep serving.
        cluster = TestCluster.start(3, dataRoot, config -> config.withCompaction(
                NodeConfig.DEFAULT_SNAPSHOT_THRESHOLD_ENTRIES, SEGMENT_BYTES));
        int leader = cluster.awaitLeader();
        int victim = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        Path next = nextSegment(cluster.config(victim).dataDir());
        Files.createFile(next);
        AcknowledgedWrites writes = new AcknowledgedWrites();
        for (int round = 0; round < MAX_PUTS && cluster.node(victim).failure().isEmpty();
                round++) {
            writes.put(cluster, "fill-" + round, 1);
        }
        TestCluster.await("node " + victim + " to stop", Duration.ofSeconds(10),
                () -> cluster.node(victim).failure().isPresent());
        String failure = cluster.node(victim).failure().orElseThrow();
        assertTrue(failure.contains(next.getFileName().toString()), failure);

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> cluster.client(victim).get(GetRequest.newBuilder().setKey("fill-0")
                        .setStale(true).build()));
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("stopped"),
                refused.getStatus().getDescription());
        NodeStatus stopped = cluster.admin(victim).status(StatusRequest.getDefaultInstance());
        assertEquals(Role.ROLE_STOPPED, stopped.getRole());
        assertEquals(failure, stopped.getFailure());

        Map<Path, Long> filesAtFailure = walFiles(cluster.config(victim).dataDir());
        writes.put(cluster, "after-failure", 5);
        writes.assertAllReadable(cluster, leader);
        assertTrue(cluster.node(leader).snapshot().raft().commitIndex()
                >= writes.highestIndex());
        assertEquals(filesAtFailure, walFiles(cluster.config(victim).dataDir()),
                "the stopped node wrote to its WAL again");
        assertEquals(failure, cluster.node(victim).failure().orElseThrow());
    }

    @Test
    void leaderWhoseWalFailsReportsStoppedAndTheOthersElectAnother() throws Exception {
        // Proves a leader whose WAL write fails does not go on looking like one: its admin
        // status says ROLE_STOPPED with the reason naming the file, the seed contract no longer
        // says "Leader", and the other two elect a new leader that takes writes.
        cluster = TestCluster.start(3, dataRoot, config -> config.withCompaction(
                NodeConfig.DEFAULT_SNAPSHOT_THRESHOLD_ENTRIES, SEGMENT_BYTES));
        int leader = cluster.awaitLeader();
        Path next = nextSegment(cluster.config(leader).dataDir());
        Files.createFile(next);
        for (int round = 0; round < MAX_PUTS && cluster.node(leader).failure().isEmpty();
                round++) {
            try {
                cluster.client(leader).put(PutRequest.newBuilder().setKey("fill-" + round)
                        .setValue(ByteString.copyFromUtf8("v".repeat(120))).build());
            } catch (StatusRuntimeException refused) {
                break; // the write that found the WAL broken
            }
        }
        TestCluster.await("leader " + leader + " to stop", Duration.ofSeconds(10),
                () -> cluster.node(leader).failure().isPresent());

        NodeStatus stopped = cluster.admin(leader).status(StatusRequest.getDefaultInstance());
        assertEquals(Role.ROLE_STOPPED, stopped.getRole());
        assertEquals(cluster.node(leader).failure().orElseThrow(), stopped.getFailure());
        assertTrue(stopped.getFailure().contains(next.getFileName().toString()),
                stopped.getFailure());
        GetStatusResponse seed = cluster.seed(leader).getStatus(
                GetStatusRequest.getDefaultInstance());
        assertEquals("Follower", seed.getState());
        assertEquals(-1, seed.getLeaderId());

        int successor = cluster.awaitLeader();
        assertNotEquals(leader, successor);
        new AcknowledgedWrites().put(cluster, "after-failover", 3);
    }

    private static Path nextSegment(Path dataDir) throws IOException {
        String last = WalDamage.lastSegment(dataDir).getFileName().toString();
        long sequence = Long.parseLong(last.substring(0, last.indexOf('.')));
        return dataDir.resolve("wal").resolve(String.format("%016d.wal", sequence + 1));
    }

    private static Map<Path, Long> walFiles(Path dataDir) throws IOException {
        Map<Path, Long> sizes = new LinkedHashMap<>();
        List<Path> files;
        try (var listing = Files.list(dataDir.resolve("wal"))) {
            files = listing.sorted().toList();
        }
        for (Path file : files) {
            sizes.put(file, Files.size(file));
        }
        return sizes;
    }
}
