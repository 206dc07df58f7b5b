package io.raftdeck.console;

import com.googlecode.lanterna.terminal.Terminal;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.raftdeck.console.actions.ActionContext;
import io.raftdeck.console.actions.ActionRunner;
import io.raftdeck.console.poller.CommandTracker;
import io.raftdeck.console.poller.EventStreams;
import io.raftdeck.console.poller.StatusPoller;
import io.raftdeck.console.rpc.NodeChannels;
import io.raftdeck.console.state.DashboardState;
import io.raftdeck.console.views.DashboardRenderer;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The dashboard's entry point for the launcher. It reaches the nodes only through their gRPC
 * services (status and admin, client for commands), exactly as a remote user would.
 *
 * <pre>{@code
 * // demo: nodes started by the launcher, which can kill and restart them
 * Dashboard.runInTextTerminal(targets, lifecycle);
 * // console --nodes ...: a cluster someone else runs
 * Dashboard.runInTextTerminal(targets, NodeLifecycle.remote());
 * }</pre>
 */
public final class Dashboard {

    /** The number keys select nodes 1-9, so the dashboard shows at most nine. */
    public static final int MAX_NODES = 9;

    private Dashboard() {
    }

    /**
     * Opens the real terminal, runs the dashboard until the user quits, and restores the
     * terminal on every way out (q, Ctrl-C, an exception).
     *
     * @throws NoTerminalException when there is no TTY; its message is one line for the user
     */
    public static void runInTextTerminal(List<NodeTarget> nodes, NodeLifecycle lifecycle)
            throws NoTerminalException, IOException {
        runInTextTerminal(nodes, lifecycle, ChaosMode.unavailable());
    }

    /** As {@link #runInTextTerminal(List, NodeLifecycle)}, with chaos mode on the c key. */
    public static void runInTextTerminal(List<NodeTarget> nodes, NodeLifecycle lifecycle,
            ChaosMode chaos) throws NoTerminalException, IOException {
        runInTextTerminal(nodes, lifecycle, chaos, InsecureChannelCredentials.create());
    }

    /** As above, dialing the nodes with {@code credentials} (TLS, from the launcher). */
    public static void runInTextTerminal(List<NodeTarget> nodes, NodeLifecycle lifecycle,
            ChaosMode chaos, ChannelCredentials credentials)
            throws NoTerminalException, IOException {
        validate(nodes);
        try (Terminal terminal = TextTerminals.open()) {
            run(nodes, lifecycle, chaos, terminal, DashboardSettings.defaults(), credentials);
        }
    }

    /** {@link #run(List, NodeLifecycle, Terminal, DashboardSettings)} with the defaults. */
    public static void run(List<NodeTarget> nodes, NodeLifecycle lifecycle, Terminal terminal)
            throws IOException {
        run(nodes, lifecycle, terminal, DashboardSettings.defaults());
    }

    /**
     * Runs the dashboard on {@code terminal} until the user quits, then stops polling, closes
     * its channels and leaves the screen. The caller owns the terminal and closes it.
     *
     * @param nodes     the nodes to show, in the order of the number keys
     * @param lifecycle how to kill and restart them; {@link NodeLifecycle#remote()} if it cannot
     */
    public static void run(List<NodeTarget> nodes, NodeLifecycle lifecycle, Terminal terminal,
            DashboardSettings settings) throws IOException {
        run(nodes, lifecycle, ChaosMode.unavailable(), terminal, settings);
    }

    /**
     * As {@link #run(List, NodeLifecycle, Terminal, DashboardSettings)}, with {@code chaos} on
     * the c key and its progress on the chaos line. A chaos run still going when the user
     * quits is the caller's to stop.
     */
    public static void run(List<NodeTarget> nodes, NodeLifecycle lifecycle, ChaosMode chaos,
            Terminal terminal, DashboardSettings settings) throws IOException {
        run(nodes, lifecycle, chaos, terminal, settings, InsecureChannelCredentials.create());
    }

    /** As above, dialing the nodes with {@code credentials} (TLS, from the launcher). */
    public static void run(List<NodeTarget> nodes, NodeLifecycle lifecycle, ChaosMode chaos,
            Terminal terminal, DashboardSettings settings, ChannelCredentials credentials)
            throws IOException {
        validate(nodes);
        Objects.requireNonNull(chaos, "chaos (ChaosMode.unavailable() when there is none)");
        Objects.requireNonNull(lifecycle, "lifecycle (NodeLifecycle.remote() when there is none)");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(settings, "settings");
        DashboardState state = new DashboardState(nodes, lifecycle.canKill());
        CommandTracker commands = new CommandTracker();
        Clock clock = Clock.systemDefaultZone();
        try (NodeChannels channels = NodeChannels.open(nodes, credentials);
                StatusPoller poller = new StatusPoller(channels, state, settings, commands, clock);
                EventStreams events = new EventStreams(channels, state, clock);
                ActionRunner actions = new ActionRunner(new ActionContext(
                        state, channels, lifecycle, commands, settings, clock, chaos))) {
            poller.start();
            events.start();
            DashboardController controller = new DashboardController(state, actions);
            new DashboardLoop(state, controller, new DashboardRenderer(ZoneId.systemDefault()),
                    chaos).run(terminal);
        }
    }

    static void validate(List<NodeTarget> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("the dashboard needs at least one node");
        }
        if (nodes.size() > MAX_NODES) {
            throw new IllegalArgumentException("the dashboard shows at most " + MAX_NODES
                    + " nodes, got " + nodes.size());
        }
        if (new HashSet<>(nodes.stream().map(NodeTarget::id).toList()).size() != nodes.size()) {
            throw new IllegalArgumentException("node ids must be distinct: " + nodes);
        }
    }
}
