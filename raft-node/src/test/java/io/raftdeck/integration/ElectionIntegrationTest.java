package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Role;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElectionIntegrationTest {

    @TempDir
    Path dataRoot;

    @Test
    void fiveNodesElectOneLeaderAndReplaceItWhenItDies() throws Exception {
        // Proves five real nodes agree on one leader, and after it dies on a new one, later term.
        try (TestCluster cluster = TestCluster.start(5, dataRoot)) {
            int leader = cluster.awaitLeader();
            long term = cluster.node(leader).snapshot().raft().term();
            long leaders = cluster.runningIds().stream()
                    .filter(id -> cluster.node(id).snapshot().raft().role() == Role.LEADER)
                    .count();
            assertEquals(1, leaders);

            cluster.kill(leader);
            int next = cluster.awaitLeader();
            assertNotEquals(leader, next);
            assertTrue(cluster.node(next).snapshot().raft().term() > term,
                    "the new leader's term must be higher than " + term);
        }
    }
}
