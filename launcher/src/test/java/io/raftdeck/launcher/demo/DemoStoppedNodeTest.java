package io.raftdeck.launcher.demo;

import io.raftdeck.launcher.localcluster.DemoNodes;
import io.raftdeck.launcher.localcluster.ClusterDirectory;
import io.raftdeck.launcher.localcluster.InProcessCluster;
import static io.raftdeck.launcher.demo.DashboardHarness.node;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.Role;
import io.raftdeck.faults.DirectoryDeletion;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node of the in-process demo that fails for good: the dashboard shows it STOPPED with the
 * reason, the JVM (and with it the dashboard and every other node) keeps running, and the
 * rest of the cluster goes on committing.
 */
class DemoStoppedNodeTest {

    @TempDir
    Path directory;
    private InProcessCluster cluster;
    private DashboardHarness dashboard;
    private ClusterDirectory data;

    @BeforeEach
    void startClusterAndDashboard() throws Exception {
        data = ClusterDirectory.kept(directory);
        cluster = InProcessCluster.start(DemoNodes.configs(3, data), data);
        dashboard = DashboardHarness.open(cluster.targets(), cluster);
    }

    @AfterEach
    void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodeWhoseDataDirIsDeletedShowsStoppedWhileTheRestServe() throws Exception {
        // Proves deleting one demo node's data dir stops only that node: the dashboard shows
        // it STOPPED with the directory in the reason and a timeline event, the node is still
        // "running" in this JVM (nobody exits), and the others elect and commit without it.
        NodeView leader = dashboard.awaitLeader();
        int victim = leader.id() == 1 ? 2 : 1;
        Path victimData = data.nodeData(victim);
        DirectoryDeletion.delete(victimData);
        ClusterView seen = dashboard.await(view -> node(view, victim).answers()
                && node(view, victim).state().role() == Role.STOPPED, "node " + victim
                + " shown STOPPED");
        String failure = node(seen, victim).state().failure();
        assertTrue(failure.contains(victimData.toString()), failure);
        dashboard.await(view -> view.events().stream().anyMatch(event -> event.text()
                .startsWith("node " + victim + " stopped: ")), "the timeline to say so");
        assertTrue(cluster.isRunning(victim));

        NodeView serving = dashboard.awaitLeader();
        assertNotEquals(victim, serving.id());
        ActionOutcome committed = dashboard.act(runner -> runner.sendCommand("still here"));
        assertTrue(!committed.failed() && committed.text().startsWith("committed"),
                committed.text());
    }
}
