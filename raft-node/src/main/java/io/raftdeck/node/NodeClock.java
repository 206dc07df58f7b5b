package io.raftdeck.node;

/**
 * Where a node's loop reads the time, for what it measures in real time rather than in ticks
 * (its uptime, when it next checks its storage). Injected, so that the simulator runs the same
 * loop in virtual time and every run of a seed replays exactly.
 */
@FunctionalInterface
public interface NodeClock {

    /** The system's monotonic clock: what a running node uses. */
    NodeClock SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; never goes backwards. */
    long nanoTime();
}
