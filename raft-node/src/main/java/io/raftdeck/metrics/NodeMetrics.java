package io.raftdeck.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.raftdeck.core.PeerProgress;
import io.raftdeck.core.RaftStatus;
import io.raftdeck.node.FsyncWindow;
import io.raftdeck.node.JvmPauseMonitor;
import io.raftdeck.node.NodeCounters;
import io.raftdeck.node.NodeSnapshot;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * One node's Prometheus registry: its own, never the library's default, since a demo or a
 * test runs several nodes in one JVM. Names follow etcd's ({@code etcd_server_has_leader}
 * becomes {@code raftdeck_server_has_leader}). Nearly every value is read at scrape time from
 * the node's published status ({@link NodeSnapshot}) and its loop's {@link NodeCounters}; only
 * the two histograms are fed as things happen (an fsync, from the loop; a round trip, from the
 * probe).
 */
public final class NodeMetrics {

    /** etcd's wal_fsync_duration_seconds buckets: 1 ms doubling to 8.192 s. */
    static final double[] FSYNC_BUCKETS = exponential(0.001, 14);
    /** etcd's peer_round_trip_time_seconds buckets: 0.1 ms doubling to 3.2768 s. */
    static final double[] ROUND_TRIP_BUCKETS = exponential(0.0001, 16);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Supplier<NodeSnapshot> status;
    private final Histogram roundTrips;

    public NodeMetrics(Supplier<NodeSnapshot> status, NodeCounters counters,
                       JvmPauseMonitor pauses) {
        this.status = status;
        gauge("raftdeck_server_has_leader", "Whether a leader is known (1) or not (0).",
                s -> s.failure() == null && s.raft().leaderId() != 0 ? 1 : 0);
        gauge("raftdeck_server_is_leader", "Whether this node is the leader.",
                s -> s.isLeader() ? 1 : 0);
        gauge("raftdeck_server_term", "The node's current term.", s -> s.raft().term());
        counter("raftdeck_server_leader_changes_seen", "Leaders seen that were not the one"
                + " known before.", counters::leaderChanges);
        counter("raftdeck_server_proposals_committed", "The commit index: entries known"
                + " committed.", () -> status.get().raft().commitIndex());
        counter("raftdeck_server_proposals_applied", "The last applied index.",
                () -> status.get().raft().lastApplied());
        GaugeWithCallback.builder().name("raftdeck_server_proposals_pending")
                .help("Client callers waiting for their proposals to apply.")
                .callback(callback -> callback.call(counters.proposalsPending()))
                .register(registry);
        counter("raftdeck_server_proposals_failed", "Proposed entries whose callers heard a"
                + " failure (lost, leadership lost, outcome unknown).",
                counters::proposalsFailed);
        counter("raftdeck_snapshot_taken", "Snapshots this node took of its state machine.",
                counters::snapshotsTaken);
        counter("raftdeck_snapshot_sent", "Snapshots this node sent to followers as leader.",
                counters::snapshotsSent);
        counter("raftdeck_snapshot_installed", "Leader snapshots this node installed.",
                () -> status.get().snapshotsInstalled());
        Histogram fsyncs = Histogram.builder().name("raftdeck_disk_wal_fsync_duration_seconds")
                .help("Duration of a WAL save that syncs: its write and its one fdatasync.")
                .classicOnly().classicUpperBounds(FSYNC_BUCKETS).register(registry);
        counters.onFsync(nanos -> fsyncs.observe(nanos / 1e9));
        FsyncWindow window = counters.fsyncs();
        GaugeWithCallback.builder().name("raftdeck_disk_wal_fsync_p99_seconds")
                .help("99th percentile of WAL fsyncs over the last 60 s.")
                .callback(callback -> callback.call(window.p99Nanos(System.nanoTime()) / 1e9))
                .register(registry);
        GaugeWithCallback.builder().name("raftdeck_disk_slow")
                .help("1 while the WAL fsync p99 over the last 60 s passes 10 ms.")
                .callback(callback -> callback.call(window.slowDisk(System.nanoTime()) ? 1 : 0))
                .register(registry);
        counter("raftdeck_jvm_pauses", "JVM pauses longer than the heartbeat interval.",
                pauses::pauses);
        roundTrips = Histogram.builder().name("raftdeck_network_peer_round_trip_time_seconds")
                .help("Round trip of a health probe to a peer over its peer channel.")
                .labelNames("to").classicOnly().classicUpperBounds(ROUND_TRIP_BUCKETS)
                .register(registry);
        follower("raftdeck_server_follower_match_index", "A follower's match index (on the"
                + " leader).", (s, peer) -> peer.matchIndex());
        follower("raftdeck_server_follower_lag_entries", "Entries a follower lacks: the"
                + " leader's last index minus its match index.",
                (s, peer) -> Math.max(0, s.raft().lastLogIndex() - peer.matchIndex()));
        follower("raftdeck_server_follower_last_contact_seconds", "Seconds since the leader"
                + " last heard from a follower.",
                (s, peer) -> peer.ticksSinceContact() * s.tickMs() / 1e3);
        JvmMetrics.builder().register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** The round-trip histogram the peer probe feeds. */
    Histogram roundTrips() {
        return roundTrips;
    }

    private interface PeerValue {
        double of(NodeSnapshot status, PeerProgress peer);
    }

    private void gauge(String name, String help, ToDoubleFunction<NodeSnapshot> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.applyAsDouble(status.get())))
                .register(registry);
    }

    private void counter(String name, String help, Supplier<Long> value) {
        // The library adds _total to a counter's name.
        CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.get()))
                .register(registry);
    }

    /** One series per follower, on the leader only (a follower holds no progress). */
    private void follower(String name, String help, PeerValue value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("follower")
                .callback(callback -> {
                    NodeSnapshot s = status.get();
                    RaftStatus raft = s.raft();
                    if (!s.isLeader()) {
                        return;
                    }
                    for (PeerProgress peer : raft.peers()) {
                        callback.call(value.of(s, peer), String.valueOf(peer.id()));
                    }
                })
                .register(registry);
    }

    private static double[] exponential(double start, int count) {
        double[] bounds = new double[count];
        for (int i = 0; i < count; i++) {
            bounds[i] = start * Math.pow(2, i);
        }
        return bounds;
    }
}
