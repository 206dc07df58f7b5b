package io.raftdeck.launcher.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.console.NodeLifecycle;
import io.raftdeck.console.NodeTarget;
import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.launcher.CommandRun;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes started without --allow-faults, as in production: {@code raftdeck transfer} and the
 * dashboard attached with {@code raftdeck console} are refused in one line naming the flag,
 * and leadership stays where it was.
 */
class FaultControlsOffTest {

    @TempDir
    static Path dataRoot;
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3, dataRoot, config -> new NodeConfig(config.id(),
                config.members(), config.dataDir(), config.tickMs(), config.heartbeatMs(),
                config.electionTimeoutMinMs(), config.electionTimeoutMaxMs(), false,
                config.maxCommandBytes(), config.randomSeed()));
        cluster.awaitLeader();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int aFollower(int leader) {
        return cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
    }

    @Test
    void transferCommandIsRefusedInOneLineWithExitTwo() {
        // Proves 'raftdeck transfer' against a leader without --allow-faults exits 2 (its
        // configuration forbids it; asking again cannot help) with one line naming the flag,
        // and that the leader keeps leading.
        int leader = cluster.awaitLeader();
        String addresses = cluster.ids().stream()
                .map(id -> cluster.config(id).listen().toString())
                .collect(Collectors.joining(","));
        CommandRun transfer = CommandRun.of("transfer", "--to",
                Integer.toString(aFollower(leader)), "--cluster", addresses,
                "--timeout-ms", "10000");
        assertEquals(ExitCodes.USAGE, transfer.exitCode(), transfer::toString);
        assertTrue(transfer.errIsOneLine() && transfer.err().contains("--allow-faults")
                && transfer.err().contains("refused the transfer"), transfer::toString);
        assertEquals(leader, cluster.awaitLeader());
    }

    @Test
    void dashboardShowsTheRefusalsAsOneLine() throws Exception {
        // Proves the dashboard's t (transfer) and p (isolate) on such nodes end in a failed
        // outcome of one line naming the flag, without the console's old hint repeated, and
        // that neither moved leadership nor cut a link.
        int leader = cluster.awaitLeader();
        int follower = aFollower(leader);
        List<NodeTarget> targets = cluster.ids().stream().map(id -> new NodeTarget(id,
                cluster.config(id).listen().host(), cluster.config(id).listen().port()))
                .toList();
        try (DashboardHarness dashboard = DashboardHarness.open(targets,
                NodeLifecycle.remote())) {
            dashboard.awaitLeader();
            dashboard.select(follower);
            ActionOutcome transfer = dashboard.act(runner -> runner.transferToSelected());
            assertEquals("transfer to node " + follower + " refused: moving leadership needs"
                    + " --allow-faults, and node " + leader + " runs without it",
                    transfer.text());
            assertTrue(transfer.failed());

            ActionOutcome isolate = dashboard.act(runner -> runner.isolateSelected());
            assertTrue(isolate.failed(), isolate.text());
            assertTrue(isolate.text().contains("cutting links needs --allow-faults")
                    && !isolate.text().contains("(start nodes with")
                    && !isolate.text().contains("\n"), isolate.text());

            NodeView stillLeading = dashboard.awaitLeader();
            assertEquals(leader, stillLeading.id());
            assertTrue(dashboard.next().nodes().stream().filter(NodeView::answers)
                    .allMatch(node -> node.state().cutLinks().isEmpty()));
        }
    }
}
