package io.raftdeck.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Actions of a client model at ticks of simulated time, run in the order they were scheduled
 * within a tick, so a seed replays exactly. Bounded: a runaway model fails the run instead of
 * filling memory.
 */
final class SimScheduler {

    static final int MAX_PENDING = 100_000;

    private final NavigableMap<Long, List<Runnable>> byTick = new TreeMap<>();
    private int pending;

    /** Runs {@code action} at {@code tick} (at the next run when that is already past). */
    void at(long tick, Runnable action) {
        if (++pending > MAX_PENDING) {
            throw new IllegalStateException("more than " + MAX_PENDING + " scheduled actions");
        }
        byTick.computeIfAbsent(tick, t -> new ArrayList<>()).add(action);
    }

    /** Runs every action due at or before {@code now}, including those they schedule for now. */
    void runDue(long now) {
        while (!byTick.isEmpty() && byTick.firstKey() <= now) {
            List<Runnable> due = byTick.pollFirstEntry().getValue();
            pending -= due.size();
            due.forEach(Runnable::run);
        }
    }
}
