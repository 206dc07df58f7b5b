package io.raftdeck.transport;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an accepted connection that has not sent the 24 bytes of the HTTP/2 client preface
 * within the deadline. gRPC's own handshake timeout covers only the transport's negotiation,
 * which for plaintext ends as soon as the socket is accepted: a socket that then says nothing
 * would be held until keepalive gives up on it, minutes later. First in the connection's
 * pipeline; it steps aside once the preface is in.
 */
final class HandshakeDeadline extends ChannelInboundHandlerAdapter {

    /** "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" (RFC 9113, section 3.4). */
    static final int PREFACE_BYTES = 24;

    private final long deadlineMs;
    private ScheduledFuture<?> timer;
    private int received;

    HandshakeDeadline(long deadlineMs) {
        this.deadlineMs = deadlineMs;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        timer = context.executor().schedule(() -> {
            context.close();
        }, deadlineMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof ByteBuf bytes) {
            received += bytes.readableBytes();
        }
        if (received >= PREFACE_BYTES) {
            timer.cancel(false);
            context.pipeline().remove(this);
        }
        context.fireChannelRead(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        timer.cancel(false);
        context.fireChannelInactive();
    }
}
