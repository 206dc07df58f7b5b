package io.raftdeck.console.testing;

import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.state.DashboardState;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Waits for a condition on the dashboard state with a deadline, never a fixed sleep. */
public final class Await {

    private Await() {
    }

    /** The first view that satisfies {@code condition}; fails the test after {@code timeout}. */
    public static ClusterView view(DashboardState state, Duration timeout,
            Predicate<ClusterView> condition, String what) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        while (true) {
            long version = state.version();
            ClusterView view = state.view();
            if (condition.test(view)) {
                return view;
            }
            long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what
                        + "; last view: " + view.nodes());
            }
            state.awaitChange(version, Math.min(leftMs, 50));
        }
    }

    /** Waits until {@code condition} holds, looking every few ms; fails after {@code timeout}. */
    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
