package io.raftdeck.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.StartupException;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.StatusRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics listener of real nodes over real HTTP: {@code /metrics} parsed strictly, with
 * values that move with the cluster; {@code /livez} and {@code /readyz} answering as the
 * node's state says.
 */
class MetricsEndpointIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Between HTTP polls: a condition asked over the network need not be asked every 5 ms. */
    private static final Duration POLL = Duration.ofMillis(50);

    @TempDir
    Path dataRoot;

    private TestCluster cluster;
    private final Map<Integer, Integer> metricsPorts = new TreeMap<>();

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startThreeNodesWithMetrics() throws Exception {
        cluster = TestCluster.start(3, dataRoot);
        List<Integer> ports = TestCluster.freePorts(3);
        for (int id : cluster.ids()) {
            int port = ports.get(id - 1);
            cluster.node(id).serveMetrics(new NodeAddress("127.0.0.1", port));
            metricsPorts.put(id, port);
        }
    }

    private Map<String, Double> metrics(int id) {
        HttpGet.Answer answer = HttpGet.get(metricsPorts.get(id), "/metrics");
        assertEquals(200, answer.code(), answer.body());
        return PrometheusText.parse(answer.body());
    }

    private static double value(Map<String, Double> samples, String series) {
        Double value = samples.get(series);
        assertNotNull(value, "no series " + series + " in " + samples.keySet());
        return value;
    }

    @Test
    void theLeadersMetricsNameTheClusterAndMoveWithAWrite() throws Exception {
        startThreeNodesWithMetrics();
        int leader = cluster.awaitLeader();
        List<Integer> followers = cluster.ids().stream().filter(id -> id != leader).toList();
        // The round-trip probe runs once a second: wait for its first answers.
        TestCluster.await("round trips to both followers", WAIT, POLL, () -> followers.stream()
                .allMatch(f -> metrics(leader).getOrDefault(
                        "raftdeck_network_peer_round_trip_time_seconds_count{to=\"" + f + "\"}",
                        0.0) >= 1));
        Map<String, Double> before = metrics(leader);
        assertEquals(1, value(before, "raftdeck_server_has_leader"));
        assertEquals(1, value(before, "raftdeck_server_is_leader"));
        assertTrue(value(before, "raftdeck_server_term") >= 1);
        assertTrue(value(before, "raftdeck_server_leader_changes_seen_total") >= 1);
        assertEquals(0, value(before, "raftdeck_server_proposals_pending"));
        assertEquals(0, value(before, "raftdeck_server_proposals_failed_total"));
        for (String series : List.of("raftdeck_snapshot_taken_total",
                "raftdeck_snapshot_sent_total", "raftdeck_snapshot_installed_total",
                "raftdeck_jvm_pauses_total", "raftdeck_disk_slow",
                "raftdeck_disk_wal_fsync_p99_seconds",
                "raftdeck_disk_wal_fsync_duration_seconds_bucket{le=\"0.001\"}",
                "raftdeck_disk_wal_fsync_duration_seconds_bucket{le=\"8.192\"}",
                "raftdeck_disk_wal_fsync_duration_seconds_bucket{le=\"+Inf\"}",
                "jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current")) {
            value(before, series);
        }
        for (int follower : followers) {
            String label = "{follower=\"" + follower + "\"}";
            value(before, "raftdeck_server_follower_match_index" + label);
            assertTrue(value(before, "raftdeck_server_follower_lag_entries" + label) >= 0);
            assertTrue(value(before, "raftdeck_server_follower_last_contact_seconds" + label)
                    < 5);
        }

        cluster.client(leader).put(PutRequest.newBuilder().setKey("k")
                .setValue(ByteString.copyFromUtf8("v")).build());

        Map<String, Double> after = metrics(leader);
        assertTrue(value(after, "raftdeck_server_proposals_committed_total")
                > value(before, "raftdeck_server_proposals_committed_total"), "committed");
        assertTrue(value(after, "raftdeck_server_proposals_applied_total")
                > value(before, "raftdeck_server_proposals_applied_total"), "applied");
        assertTrue(value(after, "raftdeck_disk_wal_fsync_duration_seconds_count")
                > value(before, "raftdeck_disk_wal_fsync_duration_seconds_count"), "fsyncs");
        assertTrue(value(after, "raftdeck_disk_wal_fsync_p99_seconds") > 0, "p99");
        // A follower holds no progress of others, and says it is not the leader.
        Map<String, Double> follower = metrics(followers.get(0));
        assertEquals(0, value(follower, "raftdeck_server_is_leader"));
        assertEquals(1, value(follower, "raftdeck_server_has_leader"));
        assertTrue(follower.keySet().stream()
                .noneMatch(series -> series.startsWith("raftdeck_server_follower_")));
        // The same window feeds status.
        assertTrue(cluster.admin(leader).status(StatusRequest.getDefaultInstance())
                .getWalFsyncP99Us() > 0);
    }

    @Test
    void readyWithALeaderAndNotReadyNamingTheCheckWithoutOne() throws Exception {
        startThreeNodesWithMetrics();
        cluster.awaitLeader();
        int survivor = 1;
        TestCluster.await("node 1 ready", WAIT, POLL,
                () -> HttpGet.get(metricsPorts.get(survivor), "/readyz").code() == 200);
        HttpGet.Answer ready = HttpGet.get(metricsPorts.get(survivor), "/readyz?verbose");
        assertEquals(200, ready.code());
        assertEquals("[+]serving ok\n[+]leader ok\n[+]linearizable_read ok\nok\n",
                ready.body());
        assertEquals(new HttpGet.Answer(200, "ok\n"),
                HttpGet.get(metricsPorts.get(survivor), "/livez"));

        cluster.kill(2);
        cluster.kill(3);
        // Alone, node 1 loses its leader (or, leading, steps down by check-quorum).
        TestCluster.await("node 1 without a leader", WAIT,
                () -> cluster.node(survivor).snapshot().raft().leaderId() == 0);
        HttpGet.Answer notReady = HttpGet.get(metricsPorts.get(survivor), "/readyz");
        assertEquals(503, notReady.code());
        assertTrue(notReady.body().startsWith("[-]leader failed: no leader\n"),
                notReady.body());
        assertTrue(notReady.body().endsWith("health check failed\n"), notReady.body());
        HttpGet.Answer verbose = HttpGet.get(metricsPorts.get(survivor), "/readyz?verbose");
        assertTrue(verbose.body().startsWith("[+]serving ok\n[-]leader failed: no leader\n"),
                verbose.body());
        // Still alive: only not ready.
        assertEquals(200, HttpGet.get(metricsPorts.get(survivor), "/livez").code());
        assertEquals(0, value(metrics(survivor), "raftdeck_server_has_leader"));
    }

    @Test
    void aFailStoppedNodeIsNeitherLiveNorReady() throws Exception {
        startThreeNodesWithMetrics();
        cluster.awaitLeader();
        cluster.node(2).failStop("injected by the test");
        TestCluster.await("node 2 stopped", WAIT, POLL,
                () -> HttpGet.get(metricsPorts.get(2), "/livez").code() == 503);
        assertEquals("[-]loop failed: stopped: injected by the test\nhealth check failed\n",
                HttpGet.get(metricsPorts.get(2), "/livez").body());
        HttpGet.Answer readyz = HttpGet.get(metricsPorts.get(2), "/readyz");
        assertEquals(503, readyz.code());
        assertTrue(readyz.body().startsWith("[-]serving failed: stopped: injected by the test"),
                readyz.body());
        assertEquals(404, HttpGet.get(metricsPorts.get(2), "/nothing").code());
    }

    @Test
    void aTakenMetricsPortIsOneLine() throws Exception {
        startThreeNodesWithMetrics();
        cluster.kill(3);
        int taken = metricsPorts.get(1);
        cluster.restart(3);
        StartupException e = assertThrows(StartupException.class,
                () -> cluster.node(3).serveMetrics(new NodeAddress("127.0.0.1", taken)));
        assertEquals("cannot listen for metrics on 127.0.0.1:" + taken + ": port " + taken
                + " is already in use", e.getMessage());
    }
}
