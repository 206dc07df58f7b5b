package io.raftdeck.console;

/**
 * How the dashboard talks to nodes. The defaults suit a cluster with the 150-300 ms election
 * timeout: ten polls a second show every election, and a deadline of a few poll intervals marks
 * a silent node UNREACHABLE quickly without flapping on one slow answer.
 *
 * @param pollIntervalMs    time between two status requests to the same node
 * @param statusDeadlineMs  how long one status request may take before the node is unreachable
 * @param commandDeadlineMs how long one command (or one admin action) may take
 * @param logTailEntries    how many of each node's newest log entries to ask for
 */
public record DashboardSettings(
        long pollIntervalMs, long statusDeadlineMs, long commandDeadlineMs, int logTailEntries) {

    public DashboardSettings {
        require(pollIntervalMs >= 10 && pollIntervalMs <= 10_000, "poll interval", pollIntervalMs);
        require(statusDeadlineMs >= 10 && statusDeadlineMs <= 60_000,
                "status deadline", statusDeadlineMs);
        require(commandDeadlineMs >= 10 && commandDeadlineMs <= 600_000,
                "command deadline", commandDeadlineMs);
        require(logTailEntries >= 1 && logTailEntries <= 1000, "log tail entries", logTailEntries);
    }

    public static DashboardSettings defaults() {
        return new DashboardSettings(100, 300, 3000, 120);
    }

    private static void require(boolean holds, String what, long value) {
        if (!holds) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
    }
}
