package io.raftdeck.service;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** A real gRPC server on a free loopback port serving one service, and a channel to it. */
final class LoopbackServer implements AutoCloseable {

    private final Server server;
    private final ManagedChannel channel;

    private LoopbackServer(Server server) {
        this.server = server;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .usePlaintext().build();
    }

    /** Serves {@code service}; its handlers run on the transport thread, as a node's do. */
    static LoopbackServer serving(ServerServiceDefinition service) throws IOException {
        return new LoopbackServer(NettyServerBuilder.forAddress(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .directExecutor().addService(service).build().start());
    }

    ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
