package io.raftdeck.transport;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The network thread of one node: its gRPC server (peer streams, clients, admin) and its
 * channels to peers all run on one event loop, instead of gRPC's default of two threads per
 * core for the server and as many again for the channels.
 *
 * <p>Why one: every handler only decodes a message and hands it on (see RaftServer), so one
 * thread keeps up, and fewer threads mean fewer hand-offs between them. A write the node's loop
 * queues often finds this thread already awake. Measured with five node processes on two
 * vCPUs: 64 clients 6,855 -> 7,119 puts/s, 256 clients 10,888 -> 12,065 puts/s, one client's
 * p50 about 15 % lower (docs/PERFORMANCE.md).
 */
public final class TransportThreads implements AutoCloseable {

    static final int THREADS = 1;
    private static final long SHUTDOWN_WAIT_MS = 1000;

    private final EventLoopGroup group;
    private final Class<? extends ServerChannel> serverChannelType;
    private final Class<? extends Channel> channelType;

    /** Linux's native epoll where Netty has it, plain NIO elsewhere. */
    public TransportThreads(int nodeId) {
        ThreadFactory threads = new DefaultThreadFactory("raftdeck-transport-" + nodeId, true);
        if (Epoll.isAvailable()) {
            group = new EpollEventLoopGroup(THREADS, threads);
            serverChannelType = EpollServerSocketChannel.class;
            channelType = EpollSocketChannel.class;
        } else {
            group = new NioEventLoopGroup(THREADS, threads);
            serverChannelType = NioServerSocketChannel.class;
            channelType = NioSocketChannel.class;
        }
    }

    /**
     * Runs {@code server}'s accepting and its connections on this thread, keeps at most
     * {@code maxConnections} connections of node {@code nodeId} open and closes those that do
     * not start HTTP/2 within {@code handshakeDeadlineMs} (see {@link ConnectionLimit}).
     */
    public NettyServerBuilder serve(NettyServerBuilder server, int nodeId, int maxConnections,
                                    long handshakeDeadlineMs) {
        ConnectionLimit limit = new ConnectionLimit(nodeId, maxConnections,
                handshakeDeadlineMs);
        return server.bossEventLoopGroup(group).workerEventLoopGroup(group)
                .channelFactory(() -> {
                    ServerChannel listening = newServerChannel();
                    // Added first, so it sees each accepted connection before gRPC's acceptor.
                    listening.pipeline().addLast(limit);
                    return listening;
                });
    }

    private ServerChannel newServerChannel() {
        return serverChannelType == EpollServerSocketChannel.class
                ? new EpollServerSocketChannel() : new NioServerSocketChannel();
    }

    /** Runs {@code channel}'s connection on this thread. */
    NettyChannelBuilder connect(NettyChannelBuilder channel) {
        return channel.eventLoopGroup(group).channelType(channelType);
    }

    /** Stops the thread; call once the server and channels using it are shut down. */
    @Override
    public void close() {
        group.shutdownGracefully(0, SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_WAIT_MS);
    }
}
