package io.raftdeck.transport;

import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One long-lived gRPC channel per peer, shared by the peer transport and by request
 * forwarding. Plaintext, or mutual TLS when given credentials per peer; every call on these
 * channels shows this node's {@link PeerIdentity} and, with a {@link PeerSecret}, the secret.
 */
public final class PeerChannels implements AutoCloseable {

    /** Pings a quiet connection so a peer host that vanished is noticed within seconds. */
    private static final long KEEPALIVE_SECONDS = 10;
    private static final long KEEPALIVE_TIMEOUT_SECONDS = 5;
    private static final long SHUTDOWN_WAIT_MS = 1000;

    private final SortedMap<Integer, ManagedChannel> channels = new TreeMap<>();

    /**
     * @param peers           id and address of every peer (not this node); unresolved
     *                        addresses are resolved by gRPC, again on each reconnect (a
     *                        failure is logged as one line a minute: {@link NameResolutionLog})
     * @param maxInboundBytes largest response accepted (forwarded reads carry values)
     */
    public PeerChannels(Map<Integer, InetSocketAddress> peers, int maxInboundBytes) {
        this(peers, maxInboundBytes, null, null, null, peer -> null);
    }

    /**
     * @param threads the node's network thread to run the channels on; null for gRPC's shared
     *                default threads
     * @param secret  shown on every call to a peer; null for none
     * @param self    this node's identity, shown on every call to a peer; null for none
     * @param tls     the credentials for dialing each peer (mutual TLS); null for plaintext
     */
    public PeerChannels(Map<Integer, InetSocketAddress> peers, int maxInboundBytes,
                        TransportThreads threads, PeerSecret secret, PeerIdentity self,
                        IntFunction<ChannelCredentials> tls) {
        NameResolutionLog.install();
        for (Map.Entry<Integer, InetSocketAddress> peer : new TreeMap<>(peers).entrySet()) {
            InetSocketAddress address = peer.getValue();
            ChannelCredentials credentials = tls.apply(peer.getKey());
            NettyChannelBuilder builder = credentials == null
                    ? NettyChannelBuilder.forAddress(address.getHostString(), address.getPort())
                            .usePlaintext()
                    : NettyChannelBuilder.forAddress(address.getHostString(), address.getPort(),
                            credentials);
            if (threads != null) {
                threads.connect(builder);
            }
            if (secret != null) {
                builder.intercept(secret.shown());
            }
            if (self != null) {
                builder.intercept(self.shown());
            }
            channels.put(peer.getKey(), builder
                    .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                    .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .maxInboundMessageSize(maxInboundBytes)
                    // Callbacks (stream ready, failures, answers) never block; see RaftServer.
                    .directExecutor()
                    .build());
        }
    }

    /**
     * Starts connecting to every peer now, so the connection is ready by the time the first
     * election timeout fires: a first vote request that waits for a connect can arrive after
     * its candidate has already given up, and a cluster starting cold then needs extra terms.
     */
    public void connectAll() {
        for (ManagedChannel channel : channels.values()) {
            channel.getState(true);
        }
    }

    /** The channel to {@code peer}, or empty when it is not a peer. */
    public Optional<ManagedChannel> channel(int peer) {
        return Optional.ofNullable(channels.get(peer));
    }

    /**
     * Lets a channel that gave up for a while (gRPC backs off up to two minutes after failed
     * connects) try again now: a restarted peer must be reached within our own, shorter backoff.
     */
    public void reconnectNow(int peer) {
        ManagedChannel channel = channels.get(peer);
        if (channel != null && channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            channel.resetConnectBackoff();
        }
    }

    @Override
    public void close() {
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels.values()) {
            try {
                channel.awaitTermination(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
