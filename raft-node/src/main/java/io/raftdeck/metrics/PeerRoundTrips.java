package io.raftdeck.metrics;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.prometheus.metrics.core.metrics.Histogram;
import io.raftdeck.transport.LinkFilter;
import io.raftdeck.transport.PeerChannels;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Measures the round trip to each peer with a dedicated probe, as etcd's
 * peer_round_trip_time_seconds does: once a second a {@code grpc.health.v1.Health/Check} on
 * the node's own peer channel, timed from send to answer. It rides the same connection as the
 * Raft messages but not the node's loop, so the time is the network's and the peer's gRPC
 * server's, not a queue's; a peer whose link the fault filter cuts is not probed.
 */
final class PeerRoundTrips implements AutoCloseable {

    static final long PROBE_INTERVAL_MS = 1_000;
    private static final long PROBE_DEADLINE_MS = 1_000;

    private final Set<Integer> peers;
    private final PeerChannels channels;
    private final LinkFilter links;
    private final Histogram roundTrips;
    private final ScheduledExecutorService probe;

    PeerRoundTrips(int id, Set<Integer> peers, PeerChannels channels, LinkFilter links,
                   Histogram roundTrips) {
        this.peers = Set.copyOf(peers);
        this.channels = channels;
        this.links = links;
        this.roundTrips = roundTrips;
        this.probe = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "peer-rtt-probe-" + id);
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        probe.scheduleWithFixedDelay(this::probeAll, 0, PROBE_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    private void probeAll() {
        for (int peer : peers) {
            Optional<ManagedChannel> channel = channels.channel(peer);
            if (channel.isPresent() && links.allows(peer)) {
                probe(peer, channel.get());
            }
        }
    }

    private void probe(int peer, ManagedChannel channel) {
        long sent = System.nanoTime();
        Futures.addCallback(HealthGrpc.newFutureStub(channel)
                        .withDeadlineAfter(PROBE_DEADLINE_MS, TimeUnit.MILLISECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()),
                new FutureCallback<HealthCheckResponse>() {
                    @Override
                    public void onSuccess(HealthCheckResponse answer) {
                        roundTrips.labelValues(String.valueOf(peer))
                                .observe((System.nanoTime() - sent) / 1e9);
                    }

                    @Override
                    public void onFailure(Throwable failure) {
                        // No answer, no round trip: an unreachable peer shows in its last
                        // contact instead.
                    }
                }, MoreExecutors.directExecutor());
    }

    @Override
    public void close() {
        probe.shutdownNow();
    }
}
