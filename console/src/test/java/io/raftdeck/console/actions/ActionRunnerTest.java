package io.raftdeck.console.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.raftdeck.console.DashboardSettings;
import io.raftdeck.console.NodeLifecycle;
import io.raftdeck.console.NodeTarget;
import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.Reachability;
import io.raftdeck.console.poller.CommandTracker;
import io.raftdeck.console.poller.StatusPoller;
import io.raftdeck.console.rpc.NodeChannels;
import io.raftdeck.console.state.DashboardState;
import io.raftdeck.console.testing.Await;
import io.raftdeck.console.testing.FakeNode;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.SessionRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActionRunnerTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final DashboardSettings FAST = new DashboardSettings(50, 300, 2000, 20);

    private final List<FakeNode> nodes = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private DashboardState state;
    private ActionRunner runner;

    /** Kills and restarts nothing; remembers what it was asked. */
    private static class RecordingLifecycle implements NodeLifecycle {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public boolean canKill() {
            return true;
        }

        @Override
        public void kill(int id) {
            calls.add("kill " + id);
        }

        @Override
        public void restart(int id) {
            calls.add("restart " + id);
        }
    }

    /** Three fake nodes (1 leads term 4), polled, with a runner; waits until all are up. */
    private void startCluster(NodeLifecycle lifecycle) throws InterruptedException {
        nodes.add(FakeNode.start(1, FakeNode.status(Role.ROLE_LEADER, 4, 1)));
        nodes.add(FakeNode.start(2, FakeNode.status(Role.ROLE_FOLLOWER, 4, 1)));
        nodes.add(FakeNode.start(3, FakeNode.status(Role.ROLE_FOLLOWER, 4, 1)));
        List<NodeTarget> targets = nodes.stream().map(FakeNode::target).toList();
        state = new DashboardState(targets, lifecycle.canKill());
        NodeChannels channels = NodeChannels.open(targets);
        CommandTracker commands = new CommandTracker();
        StatusPoller poller = new StatusPoller(channels, state, FAST, commands, Clock.systemUTC());
        runner = new ActionRunner(new ActionContext(state, channels, lifecycle, commands, FAST,
                Clock.systemUTC()));
        resources.addAll(List.of(runner, poller, channels));
        poller.start();
        Await.view(state, BOUND, view -> view.nodes().stream()
                .allMatch(node -> node.reachability() == Reachability.UP), "all nodes up");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        for (FakeNode node : nodes) {
            node.close();
        }
    }

    private ActionOutcome outcome(String startsWith) throws InterruptedException {
        ClusterView view = Await.view(state, BOUND, seen -> seen.lastAction() != null
                && seen.lastAction().text().startsWith(startsWith), "outcome " + startsWith);
        return view.lastAction();
    }

    @Test
    void isolateCutsTheSelectedNodeOnEveryNode() throws Exception {
        // Proves p sends SetLinks to all nodes so node 3 is cut off on both ends.
        startCluster(NodeLifecycle.remote());
        state.select(2);
        runner.isolateSelected();
        ActionOutcome done = outcome("isolate node 3");
        assertEquals("isolate node 3: 3 of 3 nodes updated", done.text());
        assertEquals(List.of(List.of(3)), nodes.get(0).setLinksCalls());
        assertEquals(List.of(List.of(3)), nodes.get(1).setLinksCalls());
        assertEquals(List.of(List.of(1, 2)), nodes.get(2).setLinksCalls());
        Await.view(state, BOUND, view -> view.nodes().get(2).reachability()
                == Reachability.ISOLATED, "node 3 shown isolated");
    }

    @Test
    void splitThenHealRestoresEveryLink() throws Exception {
        // Proves s cuts minority from majority and h sends an empty cut set everywhere.
        startCluster(NodeLifecycle.remote());
        state.select(0);
        runner.splitAroundSelected();
        assertEquals("split {2,3} | {1}: 3 of 3 nodes updated", outcome("split").text());
        assertEquals(List.of(2, 3), nodes.get(0).setLinksCalls().get(0));
        assertEquals(List.of(1), nodes.get(1).setLinksCalls().get(0));
        runner.healAll();
        assertEquals("heal every link: 3 of 3 nodes updated", outcome("heal").text());
        nodes.forEach(node -> assertEquals(List.of(), node.setLinksCalls().get(1)));
    }

    @Test
    void refusedFaultControlsSayWhy() throws Exception {
        // Proves PERMISSION_DENIED from a node is shown with the server's text and the remedy.
        startCluster(NodeLifecycle.remote());
        nodes.get(1).refuseSetLinks(Status.PERMISSION_DENIED
                .withDescription("fault controls are off"));
        runner.healAll();
        ActionOutcome done = outcome("heal");
        assertTrue(done.failed());
        assertTrue(done.text().contains("node 2: PERMISSION_DENIED: fault controls are off"
                + " (start nodes with --allow-faults)"), done.text());
    }

    @Test
    void transferShowsTheServersErrorWhenUnimplemented() throws Exception {
        // Proves t asks the leader and shows an UNIMPLEMENTED answer in the server's words.
        startCluster(NodeLifecycle.remote());
        nodes.get(0).refuseTransfer(Status.UNIMPLEMENTED
                .withDescription("leadership transfer is not built yet"));
        state.select(1);
        runner.transferToSelected();
        ActionOutcome done = outcome("transfer");
        assertEquals("transfer to node 2 failed: UNIMPLEMENTED: leadership transfer is not"
                + " built yet", done.text());
    }

    @Test
    void transferReportsTheNewLeader() throws Exception {
        // Proves a successful transfer names the old and new leader and the term.
        startCluster(NodeLifecycle.remote());
        state.select(2);
        runner.transferToSelected();
        assertEquals("leadership moved from node 1 to node 3 in term 5",
                outcome("leadership moved").text());
    }

    @Test
    void commandGoesToTheLeaderAndShowsItsIndex() throws Exception {
        // Proves a typed command is sent through the client API to the leader, with its index.
        startCluster(NodeLifecycle.remote());
        state.select(2);
        runner.sendCommand("hello raft");
        ActionOutcome done = outcome("committed");
        assertTrue(done.text().matches("committed 'hello raft' at index 1, term 4 \\(leader 1\\)"
                + " in \\d+ ms"), done.text());
        assertEquals(List.of("hello raft"), nodes.get(0).commands());
    }

    @Test
    void burstSendsOneHundredCommands() throws Exception {
        // Proves w sends 100 commands and reports how many committed and where.
        startCluster(NodeLifecycle.remote());
        runner.sendBurst();
        ActionOutcome done = outcome("burst 1");
        assertTrue(done.text().startsWith("burst 1 via node 1: 100/100 committed in "),
                done.text());
        assertTrue(done.text().endsWith("indexes 1..100"), done.text());
        assertEquals(100, nodes.get(0).commands().size());
    }

    @Test
    void commandsAndBurstsNumberTheirRequestsInOneSession() throws Exception {
        // Proves typed commands and a burst share one client id with sequences 1, 2, 3..102.
        startCluster(NodeLifecycle.remote());
        runner.sendCommand("first");
        outcome("committed 'first'");
        runner.sendCommand("second");
        outcome("committed 'second'");
        runner.sendBurst();
        outcome("burst 1");
        List<SessionRef> sessions = nodes.get(0).sessions();
        assertEquals(102, sessions.size());
        long clientId = sessions.get(0).getClientId();
        assertTrue(clientId != 0, "a command carries a session");
        assertTrue(sessions.stream().allMatch(session -> session.getClientId() == clientId));
        assertEquals(List.of(1L, 2L), List.of(sessions.get(0).getSequence(),
                sessions.get(1).getSequence()));
        assertEquals(LongStream.rangeClosed(3, 102).boxed().toList(), sessions.subList(2, 102)
                .stream().map(SessionRef::getSequence).sorted().toList());
    }

    @Test
    void commandTriedOnAnotherNodeKeepsItsSession() throws Exception {
        // Proves a retry after UNAVAILABLE reuses the session, so the cluster applies it once.
        startCluster(NodeLifecycle.remote());
        nodes.get(0).refuseCommands(Status.UNAVAILABLE.withDescription("stepping down"));
        state.select(1);
        runner.sendCommand("retried");
        outcome("committed 'retried'");
        assertEquals(List.of("retried"), nodes.get(1).commands());
        assertEquals(nodes.get(0).sessions(), nodes.get(1).sessions());
    }

    @Test
    void commandWhoseOutcomeNoNodeKnowsIsNotCalledUncommitted() throws Exception {
        // Proves a command the nodes could not confirm is reported as maybe committed.
        startCluster(NodeLifecycle.remote());
        nodes.forEach(node -> node.refuseCommands(Status.UNAVAILABLE.withDescription(
                "outcome unknown: leadership lost (node 1 stopped leading term 3)")));
        runner.sendCommand("maybe");
        ActionOutcome unknown = outcome("'maybe' outcome unknown (it may still commit)");
        assertTrue(unknown.failed(), unknown.text());
        assertFalse(unknown.text().contains("not committed"), unknown.text());
    }

    @Test
    void forgottenSessionIsReportedAndRenewed() throws Exception {
        // Proves an expired-session refusal says the command did not apply and starts anew.
        startCluster(NodeLifecycle.remote());
        nodes.get(0).refuseCommands(Status.FAILED_PRECONDITION.withDescription(
                "session of client 1 expired: sequence 1 cannot be checked for a repeat"));
        runner.sendCommand("lost");
        ActionOutcome refused = outcome("'lost' not committed");
        assertTrue(refused.text().contains("not applied; a new session starts"), refused.text());
        nodes.get(0).refuseCommands(null);
        runner.sendCommand("again");
        outcome("committed 'again'");
        List<SessionRef> sessions = nodes.get(0).sessions();
        assertTrue(sessions.get(0).getClientId() != sessions.get(1).getClientId());
        assertEquals(1, sessions.get(1).getSequence());
    }

    @Test
    void killAndRestartAreRefusedOnARemoteCluster() throws Exception {
        // Proves k, K and r explain that a remote cluster cannot be killed from here.
        startCluster(NodeLifecycle.remote());
        String expected = "kill/restart not available when attached to a remote cluster";
        runner.killLeader();
        assertEquals(expected, outcome("kill/restart").text());
        state.report(ActionOutcome.ok("reset"));
        runner.killSelected();
        assertEquals(expected, outcome("kill/restart").text());
        state.report(ActionOutcome.ok("reset"));
        runner.restartSelected();
        assertEquals(expected, outcome("kill/restart").text());
    }

    @Test
    void failedKillIsReportedAndTheNodeStaysShownAsRunning() throws Exception {
        // Proves a lifecycle failure reaches the user in one line and leaves no DOWN mark.
        startCluster(new RecordingLifecycle() {
            @Override
            public void kill(int id) {
                throw new IllegalStateException("node " + id + " is\nbusy");
            }
        });
        state.select(1);
        runner.killSelected();
        assertEquals("kill failed: node 2 is busy", outcome("kill failed").text());
        Await.view(state, BOUND, view -> view.nodes().get(1).reachability()
                == Reachability.UP, "node 2 up again");
    }

    @Test
    void killLeaderKillsTheLeaderThroughTheLifecycle() throws Exception {
        // Proves K finds the leader, kills it by its id, and the row turns DOWN.
        RecordingLifecycle lifecycle = new RecordingLifecycle();
        startCluster(lifecycle);
        state.select(2);
        runner.killLeader();
        assertEquals("killed node 1 (leader in term 4)", outcome("killed").text());
        assertEquals(List.of("kill " + nodes.get(0).target().id()), lifecycle.calls);
        Await.view(state, BOUND, view -> view.nodes().get(0).reachability()
                == Reachability.DOWN, "node 1 down");
        state.select(0);
        runner.restartSelected();
        assertEquals("restarted node 1", outcome("restarted").text());
        assertEquals("restart 1", lifecycle.calls.get(1));
    }
}
