package io.raftdeck.console.testing;

import io.raftdeck.console.ChaosMode;
import io.raftdeck.console.Dashboard;
import io.raftdeck.console.DashboardSettings;
import io.raftdeck.console.NodeLifecycle;
import io.raftdeck.console.NodeTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The whole dashboard on a thread of its own, as a user would run it, for end-to-end tests. */
public final class DashboardThread implements AutoCloseable {

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread ui;

    /** Starts {@code Dashboard.run} on the remote-cluster lifecycle. */
    public DashboardThread(List<NodeTarget> targets, ChaosMode chaos, WatchedTerminal terminal,
                           DashboardSettings settings) {
        ui = new Thread(() -> {
            try {
                Dashboard.run(targets, NodeLifecycle.remote(), chaos, terminal, settings);
            } catch (Throwable thrown) {
                failure.set(thrown);
            }
        }, "dashboard-under-test");
        ui.start();
    }

    /** Waits for the dashboard to return; returns whether it did within {@code bound}. */
    public boolean awaitExit(Duration bound) throws InterruptedException {
        ui.join(bound.toMillis());
        return !ui.isAlive();
    }

    /** What {@code Dashboard.run} threw, or null. */
    public Throwable failure() {
        return failure.get();
    }

    /** Stops a dashboard still running (a failed test). */
    @Override
    public void close() throws InterruptedException {
        if (ui.isAlive()) {
            ui.interrupt();
            ui.join(5000);
        }
    }
}
