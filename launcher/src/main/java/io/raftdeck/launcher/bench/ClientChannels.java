package io.raftdeck.launcher.bench;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.raftdeck.node.NodeAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The benchmark's gRPC channels: a fixed number per node (HTTP/2 carries many calls at once
 * on one), opened on first use, shared by the clients in turn. Answers are handled on the
 * transport's own threads (direct executor): a completion records its latency and sends the
 * next request at once, with no hop to another thread and no thread per request.
 */
final class ClientChannels implements AutoCloseable {

    private static final long CLOSE_WAIT_MS = 2_000;

    private final int perNode;
    private final ChannelCredentials credentials;
    private final Map<NodeAddress, List<ManagedChannel>> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ClientChannels(int perNode, ChannelCredentials credentials) {
        if (perNode < 1) {
            throw new IllegalArgumentException("channels per node must be >= 1, was " + perNode);
        }
        this.perNode = perNode;
        this.credentials = credentials;
    }

    /** The channel client number {@code client} uses to reach {@code node}. */
    ManagedChannel channel(NodeAddress node, int client) {
        return channels.computeIfAbsent(node, this::open).get(Math.floorMod(client, perNode));
    }

    /**
     * Lets the channels to {@code node} reconnect at once: after a refused connection (a node
     * that was down) gRPC backs off for a second or more, far longer than an election.
     */
    void reconnectNow(NodeAddress node) {
        List<ManagedChannel> open = channels.get(node);
        if (open != null) {
            open.forEach(ManagedChannel::resetConnectBackoff);
        }
    }

    private List<ManagedChannel> open(NodeAddress node) {
        if (closed) {
            throw new IllegalStateException("the benchmark's channels are closed");
        }
        return IntStream.range(0, perNode)
                .mapToObj(i -> Grpc.newChannelBuilderForAddress(node.host(), node.port(),
                        credentials).directExecutor().build())
                .toList();
    }

    @Override
    public void close() {
        closed = true;
        channels.values().forEach(open -> open.forEach(ManagedChannel::shutdownNow));
        try {
            for (List<ManagedChannel> open : channels.values()) {
                for (ManagedChannel channel : open) {
                    channel.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
