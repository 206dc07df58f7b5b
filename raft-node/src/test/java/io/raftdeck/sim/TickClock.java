package io.raftdeck.sim;

import java.util.function.LongSupplier;

/**
 * A history's clock in simulated time: tick × 1000 + the event's order within the tick, so
 * events of one tick keep their real-time order.
 */
final class TickClock implements LongSupplier {

    private final SimCluster cluster;
    private long lastTick = -1;
    private long eventInTick;

    TickClock(SimCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public long getAsLong() {
        if (cluster.now != lastTick) {
            lastTick = cluster.now;
            eventInTick = 0;
        }
        return cluster.now * 1_000 + eventInTick++;
    }
}
