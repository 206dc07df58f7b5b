package io.raftdeck.service;

/**
 * The router's time: a clock and a way to run something later. Production is
 * {@code System.nanoTime} and the service executor; the simulator is its virtual time, so a
 * retry, a deadline and a wait for a leader replay exactly from a seed.
 */
public interface RoutingTime {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();

    /**
     * Runs {@code action} after {@code delayNanos}, on another turn than the caller's.
     *
     * @return cancels the action if it has not run yet
     */
    Runnable schedule(long delayNanos, Runnable action);

    /** Runs {@code action} soon, on another turn than the caller's. */
    default void execute(Runnable action) {
        schedule(0, action);
    }
}
