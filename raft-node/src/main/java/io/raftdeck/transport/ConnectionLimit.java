package io.raftdeck.transport;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the connections a node's server holds open: it sits on the listening socket, before
 * gRPC sees an accepted connection, closes any beyond the limit at once, and gives each one it
 * keeps a {@link HandshakeDeadline}. Without it, idle sockets that never start HTTP/2 (20,000
 * of them, in the attack that found this) take every file descriptor the process has, and the
 * node can no longer accept its peers or open its own files. The deadline closes such sockets
 * after a few seconds; the limit caps how many can pile up meanwhile. Runs on the node's one
 * network thread.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOGGER =
            System.getLogger(ConnectionLimit.class.getName());
    private static final long LOG_EVERY_MS = 60_000;

    private final int nodeId;
    private final int maxConnections;
    private final long handshakeDeadlineMs;
    private final AtomicInteger open = new AtomicInteger();
    private final RateLimitedLog refusals = new RateLimitedLog(LOGGER, LOG_EVERY_MS);

    ConnectionLimit(int nodeId, int maxConnections, long handshakeDeadlineMs) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be >= 1, was "
                    + maxConnections);
        }
        this.nodeId = nodeId;
        this.maxConnections = maxConnections;
        this.handshakeDeadlineMs = handshakeDeadlineMs;
    }

    /** On a listening socket, each message read is a connection just accepted. */
    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        Channel accepted = (Channel) message;
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            refusals.log(Level.WARNING, "full", () -> "node " + nodeId + " refused a connection"
                    + " from " + accepted.remoteAddress() + ": " + maxConnections
                    + " connections are open already (--max-connections)");
            // Not registered with an event loop yet: closing here frees its descriptor at once.
            accepted.unsafe().closeForcibly();
            return;
        }
        accepted.closeFuture().addListener(closed -> open.decrementAndGet());
        // Before gRPC's handlers, which its acceptor adds once this read goes on.
        accepted.pipeline().addFirst(new HandshakeDeadline(handshakeDeadlineMs));
        context.fireChannelRead(accepted);
    }

    /** Connections open now. */
    int open() {
        return open.get();
    }
}
