package io.raftdeck.console.rpc;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.raftdeck.console.NodeTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel per node, shared by the poller and the actions. Plaintext unless the
 * launcher hands in credentials (TLS: {@code raftdeck console --tls-ca ...}); this module
 * only uses them, it never reads a certificate itself.
 */
public final class NodeChannels implements AutoCloseable {

    private static final long CLOSE_WAIT_MS = 1000;

    private final List<ManagedChannel> channels;

    private NodeChannels(List<ManagedChannel> channels) {
        this.channels = List.copyOf(channels);
    }

    /** Plaintext channels to {@code targets}. */
    public static NodeChannels open(List<NodeTarget> targets) {
        return open(targets, InsecureChannelCredentials.create());
    }

    /** Channels to {@code targets} dialed with {@code credentials}. */
    public static NodeChannels open(List<NodeTarget> targets, ChannelCredentials credentials) {
        List<ManagedChannel> channels = new ArrayList<>();
        for (NodeTarget target : targets) {
            channels.add(Grpc.newChannelBuilderForAddress(
                    target.host(), target.port(), credentials).build());
        }
        return new NodeChannels(channels);
    }

    public int size() {
        return channels.size();
    }

    public ManagedChannel channel(int index) {
        return channels.get(index);
    }

    /**
     * Asks the channel to reconnect now instead of after its exponential back-off, which grows
     * to minutes: a restarted node must show up again within a poll or two, not much later.
     */
    public void reconnectNow(int index) {
        channels.get(index).resetConnectBackoff();
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
        for (ManagedChannel channel : channels) {
            long leftNanos = deadlineNanos - System.nanoTime();
            try {
                channel.awaitTermination(Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
