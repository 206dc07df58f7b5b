package io.raftdeck.launcher.cli;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.raftdeck.console.ChaosMode;
import io.raftdeck.console.Dashboard;
import io.raftdeck.console.NoTerminalException;
import io.raftdeck.console.NodeLifecycle;
import io.raftdeck.console.NodeTarget;
import io.raftdeck.console.TextTerminals;
import java.io.IOException;
import java.util.List;

/** Runs the dashboard on the real terminal, with its failures as one-line command failures. */
public final class DashboardTerminal {

    private DashboardTerminal() {
    }

    /** Fails with exit 2 when there is no TTY; called before any node is started. */
    public static void require() {
        try {
            TextTerminals.requireInteractive();
        } catch (NoTerminalException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    /** Shows the dashboard until the user quits; the terminal is restored on every way out. */
    public static void show(List<NodeTarget> nodes, NodeLifecycle lifecycle) {
        show(nodes, lifecycle, ChaosMode.unavailable());
    }

    /** As {@link #show(List, NodeLifecycle)}, with chaos mode on the c key. */
    public static void show(List<NodeTarget> nodes, NodeLifecycle lifecycle, ChaosMode chaos) {
        show(nodes, lifecycle, chaos, InsecureChannelCredentials.create());
    }

    /** As {@link #show(List, NodeLifecycle, ChaosMode)}, dialing with {@code credentials}. */
    public static void show(List<NodeTarget> nodes, NodeLifecycle lifecycle, ChaosMode chaos,
                            ChannelCredentials credentials) {
        try {
            Dashboard.runInTextTerminal(nodes, lifecycle, chaos, credentials);
        } catch (NoTerminalException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.INTERNAL, "the terminal failed: "
                    + e.getMessage());
        }
    }
}
