package io.raftdeck.launcher.chaos;

import io.raftdeck.proto.v1.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls the nodes' status a few times a second and notes every leader it sees (a new leader
 * or a new term). A leader that comes and goes between two polls is missed, so the count is a
 * lower bound; the report says so.
 */
final class LeaderWatch implements Runnable {

    static final long POLL_MS = 200;

    /** A leader seen for the first time: its id, its term, and when (ms since the start). */
    record Sighting(long atMs, int leaderId, long term) {
        @Override
        public String toString() {
            return String.format("%7.1f s  node %d leads term %d", atMs / 1000.0, leaderId, term);
        }
    }

    private final ClusterAdmin admin;
    private final long startNanos;
    private final List<Sighting> sightings = new ArrayList<>();
    private volatile boolean stopped;

    LeaderWatch(ClusterAdmin admin, long startNanos) {
        this.admin = admin;
        this.startNanos = startNanos;
    }

    void stop() {
        stopped = true;
    }

    synchronized List<Sighting> sightings() {
        return new ArrayList<>(sightings);
    }

    /** Leaders seen after the first one. */
    synchronized int changes() {
        return Math.max(0, sightings.size() - 1);
    }

    @Override
    public void run() {
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            try {
                observe(ClusterAdmin.leaderOf(admin.statuses().values()));
            } catch (InterruptedException interrupted) {
                return;
            }
            LockSupport.parkNanos(POLL_MS * 1_000_000);
        }
    }

    private synchronized void observe(Optional<NodeStatus> leader) {
        if (leader.isEmpty()) {
            return;
        }
        NodeStatus status = leader.get();
        Sighting last = sightings.isEmpty() ? null : sightings.get(sightings.size() - 1);
        if (last == null || last.leaderId() != status.getId() || last.term() != status.getTerm()) {
            if (last == null || status.getTerm() >= last.term()) {
                sightings.add(new Sighting((System.nanoTime() - startNanos) / 1_000_000,
                        status.getId(), status.getTerm()));
            }
        }
    }
}
