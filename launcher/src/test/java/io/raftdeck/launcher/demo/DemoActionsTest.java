package io.raftdeck.launcher.demo;

import io.raftdeck.launcher.localcluster.DemoNodes;
import io.raftdeck.launcher.localcluster.ClusterDirectory;
import io.raftdeck.launcher.localcluster.InProcessCluster;
import static io.raftdeck.launcher.demo.DashboardHarness.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.Reachability;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's fault keys (K, r, p, h, :) run by its own action runner against the demo's
 * five-node cluster in this JVM, checked through the status the dashboard polls.
 */
class DemoActionsTest {

    /** Long enough for an isolated node to time out, and campaign, many times over. */
    private static final long WATCH_MS = 10L * DemoNodes.ELECTION_TIMEOUT_MAX_MS;

    /** How the dashboard reports a committed command: "committed 'x' at index 3, term 2 ...". */
    private static final Pattern COMMITTED_AT = Pattern.compile("^committed .* at index (\\d+),");

    @TempDir
    Path directory;

    private InProcessCluster cluster;
    private DashboardHarness dashboard;

    @BeforeEach
    void startClusterAndDashboard() throws Exception {
        ClusterDirectory data = ClusterDirectory.kept(directory);
        cluster = InProcessCluster.start(DemoNodes.configs(5, data), data);
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
    void killLeaderElectsAnotherInAHigherTermAndRestartRejoins() throws Exception {
        // Proves K stops the leader's node, the rest elect a new leader in a higher term, and
        // r brings the old leader back as a follower that catches up with the new commits.
        NodeView leader = dashboard.awaitLeader();
        ActionOutcome killed = dashboard.act(runner -> runner.killLeader());
        assertFalse(killed.failed(), killed.text());
        assertTrue(killed.text().startsWith("killed node " + leader.id()), killed.text());
        assertFalse(cluster.isRunning(leader.id()));

        ClusterView after = dashboard.await(view -> view.leader()
                .filter(next -> next.id() != leader.id()
                        && next.state().term() > leader.state().term())
                .isPresent(), "a new leader in a term above " + leader.state().term());
        assertEquals(Reachability.DOWN, node(after, leader.id()).reachability());

        ActionOutcome committed = dashboard.act(runner -> runner.sendCommand("after the kill"));
        assertFalse(committed.failed(), committed.text());
        long commitIndex = dashboard.awaitLeader().state().commitIndex();

        dashboard.select(leader.id());
        ActionOutcome restarted = dashboard.act(runner -> runner.restartSelected());
        assertEquals("restarted node " + leader.id(), restarted.text());
        dashboard.await(view -> node(view, leader.id()).answers()
                        && !node(view, leader.id()).claimsLeadership()
                        && node(view, leader.id()).state().commitIndex() >= commitIndex,
                "node " + leader.id() + " back as a follower with commit index " + commitIndex);
    }

    @Test
    void isolatedNodeNeverLeadsFallsBehindAndCatchesUpAfterHeal() throws Exception {
        // Proves p cuts a follower off on real traffic: for ten election timeouts it never
        // becomes leader nor learns the majority's new commit; h lets it catch up.
        NodeView leader = dashboard.awaitLeader();
        int isolated = leader.id() % 5 + 1;
        isolate(isolated);
        long committedWhileCut = commitWithout(isolated);

        int looks = 0;
        long watchEndNanos = System.nanoTime() + WATCH_MS * 1_000_000;
        while (System.nanoTime() - watchEndNanos < 0) {
            NodeView cut = node(dashboard.next(), isolated);
            if (cut.answers()) {
                looks++;
                assertFalse(cut.claimsLeadership(), "isolated node " + isolated + " leads");
                assertTrue(cut.state().commitIndex() < committedWhileCut,
                        "isolated node " + isolated + " learned commit " + committedWhileCut);
            }
        }
        assertTrue(looks >= 10, "isolated node answered only " + looks + " status polls");

        heal();
        dashboard.await(view -> node(view, isolated).reachability() == Reachability.UP
                        && node(view, isolated).state().leaderId() != 0
                        && node(view, isolated).state().commitIndex() >= committedWhileCut,
                "node " + isolated + " caught up to commit " + committedWhileCut);
    }

    @Test
    void healedNodeRejoinsWithoutTakingOver() throws Exception {
        // Proves pre-vote: a node cut off for ten election timeouts rejoins after h without
        // forcing an election, so the leader and its term stay what they were.
        NodeView leader = dashboard.awaitLeader();
        int isolated = leader.id() % 5 + 1;
        isolate(isolated);
        long committedWhileCut = commitWithout(isolated);
        long watchEndNanos = System.nanoTime() + WATCH_MS * 1_000_000;
        while (System.nanoTime() - watchEndNanos < 0) {
            dashboard.next(); // lets the isolated node's election timer fire many times
        }

        heal();
        ClusterView rejoined = dashboard.await(view -> node(view, isolated).answers()
                        && node(view, isolated).state().commitIndex() >= committedWhileCut,
                "node " + isolated + " caught up to commit " + committedWhileCut);
        NodeView after = dashboard.awaitLeader();
        assertEquals(leader.id(), after.id(), "leader changed after heal: " + rejoined.nodes());
        assertEquals(leader.state().term(), after.state().term(),
                "term changed after heal: " + rejoined.nodes());
    }

    private void isolate(int id) throws InterruptedException {
        dashboard.select(id);
        ActionOutcome outcome = dashboard.act(runner -> runner.isolateSelected());
        assertEquals("isolate node " + id + ": 5 of 5 nodes updated", outcome.text());
        dashboard.await(view -> node(view, id).reachability() == Reachability.ISOLATED,
                "node " + id + " shown isolated");
    }

    /**
     * Commits a command on the majority while {@code isolated} is cut off; returns its index
     * once the leader's status shows it committed.
     */
    private long commitWithout(int isolated) throws InterruptedException {
        ActionOutcome committed = dashboard.act(runner ->
                runner.sendCommand("while node " + isolated + " is cut off"));
        Matcher index = COMMITTED_AT.matcher(committed.text());
        assertTrue(!committed.failed() && index.find(), committed.text());
        long commandIndex = Long.parseLong(index.group(1));
        dashboard.await(view -> view.leader().isPresent()
                && view.leader().get().state().commitIndex() >= commandIndex,
                "the leader's commit index at " + commandIndex);
        return commandIndex;
    }

    private void heal() throws InterruptedException {
        ActionOutcome healed = dashboard.act(runner -> runner.healAll());
        assertEquals("heal every link: 5 of 5 nodes updated", healed.text());
    }
}
