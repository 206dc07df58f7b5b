package io.raftdeck.console.poller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.console.DashboardSettings;
import io.raftdeck.console.NodeTarget;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.Reachability;
import io.raftdeck.console.model.Role;
import io.raftdeck.console.model.TimelineEvent;
import io.raftdeck.console.rpc.NodeChannels;
import io.raftdeck.console.state.DashboardState;
import io.raftdeck.console.testing.Await;
import io.raftdeck.console.testing.FakeNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusPollerTest {

    /** Short deadlines so the bounds below are tight; a status answer takes < 10 ms here. */
    private static final DashboardSettings FAST = new DashboardSettings(50, 200, 1000, 20);
    /** How long a node may take to show its true state: the deadline plus slack. */
    private static final Duration BOUND = Duration.ofSeconds(3);

    private final List<AutoCloseable> resources = new ArrayList<>();

    private FakeNode node(int id, io.raftdeck.proto.v1.Role role) {
        FakeNode node = FakeNode.start(id, FakeNode.status(role, 4, 1));
        resources.add(node);
        return node;
    }

    private DashboardState poll(List<NodeTarget> targets) {
        DashboardState state = new DashboardState(targets, true);
        NodeChannels channels = NodeChannels.open(targets);
        StatusPoller poller = new StatusPoller(channels, state, FAST, new CommandTracker(),
                Clock.systemUTC());
        resources.add(0, channels);
        resources.add(0, poller);
        poller.start();
        return state;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private static Reachability reachability(ClusterView view, int index) {
        return view.nodes().get(index).reachability();
    }

    @Test
    void silentAndClosedNodesTurnUnreachableWithinTheDeadline() throws Exception {
        // Proves a node that never answers and a port with no server both show UNREACHABLE
        // within a bounded time, while a healthy node shows its live status meanwhile.
        FakeNode healthy = node(1, io.raftdeck.proto.v1.Role.ROLE_LEADER);
        FakeNode silent = node(2, io.raftdeck.proto.v1.Role.ROLE_FOLLOWER);
        silent.setSilent(true);
        FakeNode gone = node(3, io.raftdeck.proto.v1.Role.ROLE_FOLLOWER);
        NodeTarget goneTarget = gone.target();
        gone.close();
        DashboardState state = poll(List.of(healthy.target(), silent.target(), goneTarget));

        ClusterView view = Await.view(state, BOUND, seen -> reachability(seen, 0)
                == Reachability.UP && reachability(seen, 1) == Reachability.UNREACHABLE
                && reachability(seen, 2) == Reachability.UNREACHABLE, "up, silent, gone");
        assertEquals(Role.LEADER, view.nodes().get(0).state().role());
        assertTrue(view.nodes().get(1).problem().startsWith("DEADLINE_EXCEEDED"),
                view.nodes().get(1).problem());
        assertTrue(view.nodes().get(2).problem().startsWith("UNAVAILABLE"),
                view.nodes().get(2).problem());
        assertNull(view.nodes().get(1).state());
    }

    @Test
    void nodeThatFallsSilentLosesItsNumbersAndGetsThemBackWhenItAnswers() throws Exception {
        // Proves a node going quiet is not shown with stale numbers, and recovers when it talks.
        FakeNode node = node(1, io.raftdeck.proto.v1.Role.ROLE_LEADER);
        DashboardState state = poll(List.of(node.target()));
        Await.view(state, BOUND, seen -> reachability(seen, 0) == Reachability.UP, "up");
        node.setSilent(true);
        ClusterView silent = Await.view(state, BOUND,
                seen -> reachability(seen, 0) == Reachability.UNREACHABLE, "unreachable");
        assertNull(silent.nodes().get(0).state());
        node.setSilent(false);
        Await.view(state, BOUND, seen -> reachability(seen, 0) == Reachability.UP, "up again");
    }

    @Test
    void serverRestartedOnTheSamePortIsSeenAgainQuickly() throws Exception {
        // Proves the channel reconnects at once instead of waiting out gRPC's back-off.
        FakeNode first = FakeNode.start(1, FakeNode.status(
                io.raftdeck.proto.v1.Role.ROLE_LEADER, 4, 1));
        int port = first.port();
        DashboardState state = poll(List.of(first.target()));
        Await.view(state, BOUND, seen -> reachability(seen, 0) == Reachability.UP, "up");
        first.close();
        Await.view(state, BOUND,
                seen -> reachability(seen, 0) == Reachability.UNREACHABLE, "unreachable");
        FakeNode second = FakeNode.startOn(1, FakeNode.status(
                io.raftdeck.proto.v1.Role.ROLE_FOLLOWER, 5, 2), port);
        resources.add(second);
        ClusterView back = Await.view(state, BOUND,
                seen -> reachability(seen, 0) == Reachability.UP, "back on the same port");
        assertEquals(5, back.nodes().get(0).state().term());
    }

    @Test
    void killedNodeShowsDownAtOnceAndRestartStartsFromNothing() throws Exception {
        // Proves the kill mark beats any answer in flight, and a restart shows no old numbers.
        FakeNode node = node(1, io.raftdeck.proto.v1.Role.ROLE_LEADER);
        DashboardState state = poll(List.of(node.target()));
        Await.view(state, BOUND, seen -> reachability(seen, 0) == Reachability.UP, "up");
        state.markKilled(0, System.nanoTime());
        ClusterView down = Await.view(state, BOUND,
                seen -> reachability(seen, 0) == Reachability.DOWN, "down");
        assertNull(down.nodes().get(0).state());
        state.markRestarted(0, System.nanoTime());
        Await.view(state, BOUND, seen -> reachability(seen, 0) == Reachability.UP, "restarted");
    }

    @Test
    void timelineGetsTheLeaderFromRealPolls() throws Exception {
        // Proves events derived from polled snapshots reach the published timeline.
        FakeNode leader = node(1, io.raftdeck.proto.v1.Role.ROLE_LEADER);
        FakeNode follower = node(2, io.raftdeck.proto.v1.Role.ROLE_FOLLOWER);
        DashboardState state = poll(List.of(leader.target(), follower.target()));
        ClusterView view = Await.view(state, BOUND, seen -> seen.events().stream()
                .map(TimelineEvent::text).anyMatch(text -> text.startsWith(
                        "node 1 is leader for term 4")), "leader event");
        NodeView shown = view.nodes().get(0);
        assertEquals(1, shown.id());
    }
}
