package io.raftdeck.core;

/**
 * A leadership transfer under way (Raft thesis §3.10). It exists only from
 * {@link RaftCore#transferLeadership(int)} until the target takes over (this leader then steps
 * down and drops its {@link LeaderState}) or an election timeout passes without that.
 */
final class LeaderTransfer {

    /** The node leadership is being handed to. */
    final int target;
    private final int timeoutTicks;
    private int elapsedTicks;
    private boolean timeoutNowSent;

    /** A transfer to {@code target} that is abandoned after {@code timeoutTicks} ticks. */
    LeaderTransfer(int target, int timeoutTicks) {
        this.target = target;
        this.timeoutTicks = timeoutTicks;
    }

    /** Counts one tick; returns whether the target failed to take over in time. */
    boolean tickExpired() {
        return ++elapsedTicks >= timeoutTicks;
    }

    /**
     * Whether TimeoutNow is to be sent now. Only once per transfer: a second one would make the
     * target start a second election of its own after it already won the first.
     */
    boolean takeTimeoutNow() {
        if (timeoutNowSent) {
            return false;
        }
        timeoutNowSent = true;
        return true;
    }
}
