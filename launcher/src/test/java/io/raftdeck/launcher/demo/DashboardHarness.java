package io.raftdeck.launcher.demo;

import io.raftdeck.console.DashboardSettings;
import io.raftdeck.console.NodeLifecycle;
import io.raftdeck.console.NodeTarget;
import io.raftdeck.console.actions.ActionContext;
import io.raftdeck.console.actions.ActionRunner;
import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.poller.CommandTracker;
import io.raftdeck.console.poller.StatusPoller;
import io.raftdeck.console.rpc.NodeChannels;
import io.raftdeck.console.state.DashboardState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The dashboard without its screen: the same state, poller and action runner the real one
 * wires up, so a test presses "keys" by calling the runner and reads what the screen would
 * show from the state. Every wait has a deadline.
 */
final class DashboardHarness implements AutoCloseable {

    /** Generous: two cores shared with other builds can slow elections a lot. */
    static final Duration BOUND = Duration.ofSeconds(20);
    private static final DashboardSettings SETTINGS = new DashboardSettings(50, 300, 3000, 20);

    private final DashboardState state;
    private final NodeChannels channels;
    private final StatusPoller poller;
    private final ActionRunner runner;

    private DashboardHarness(List<NodeTarget> targets, NodeLifecycle lifecycle) {
        state = new DashboardState(targets, lifecycle.canKill());
        channels = NodeChannels.open(targets);
        CommandTracker commands = new CommandTracker();
        poller = new StatusPoller(channels, state, SETTINGS, commands, Clock.systemUTC());
        runner = new ActionRunner(new ActionContext(state, channels, lifecycle, commands,
                SETTINGS, Clock.systemUTC()));
        poller.start();
    }

    static DashboardHarness open(List<NodeTarget> targets, NodeLifecycle lifecycle) {
        return new DashboardHarness(targets, lifecycle);
    }

    /** Selects node {@code id}, as its number key does. */
    void select(int id) {
        List<NodeTarget> targets = state.targets();
        for (int index = 0; index < targets.size(); index++) {
            if (targets.get(index).id() == id) {
                state.select(index);
                return;
            }
        }
        throw new IllegalArgumentException("no node " + id);
    }

    /** Runs one action (a key press) and waits for its outcome line. */
    ActionOutcome act(Consumer<ActionRunner> press) throws InterruptedException {
        ActionOutcome before = state.view().lastAction();
        press.accept(runner);
        return await(view -> view.lastAction() != null && view.lastAction() != before,
                "the outcome of an action").lastAction();
    }

    /** Waits until all nodes that answer agree on one leader; returns it. */
    NodeView awaitLeader() throws InterruptedException {
        ClusterView view = await(seen -> seen.leader().isPresent() && seen.nodes().stream()
                .filter(NodeView::answers)
                .allMatch(node -> node.state().leaderId() == seen.leader().get().id()
                        && node.state().term() == seen.leader().get().state().term()),
                "one leader every answering node follows");
        return view.leader().orElseThrow();
    }

    /** The first view that satisfies {@code condition}; fails after {@link #BOUND}. */
    ClusterView await(Predicate<ClusterView> condition, String what)
            throws InterruptedException {
        long deadlineNanos = System.nanoTime() + BOUND.toNanos();
        while (true) {
            long version = state.version();
            ClusterView view = state.view();
            if (condition.test(view)) {
                return view;
            }
            long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new AssertionError("not within " + BOUND.toMillis() + " ms: " + what
                        + "; last view: " + view.nodes());
            }
            state.awaitChange(version, Math.min(leftMs, 50));
        }
    }

    /** The next view after the current one, or the current one if none comes within 100 ms. */
    ClusterView next() throws InterruptedException {
        state.awaitChange(state.version(), 100);
        return state.view();
    }

    static NodeView node(ClusterView view, int id) {
        return view.nodeWithId(id).orElseThrow();
    }

    @Override
    public void close() {
        runner.close();
        poller.close();
        channels.close();
    }
}
