package io.raftdeck.node;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.StatusRequest;
import java.util.concurrent.TimeUnit;

/**
 * Makes one status call to this node's own port before its election timer starts. A fresh JVM
 * needs a few hundred milliseconds of class loading and compiling for its first gRPC exchange;
 * spent inside the first election timeout, that delay makes vote replies arrive after their
 * candidate gave up, and five cold processes on a small machine then burn terms for seconds.
 */
final class TransportWarmup {

    private static final long DEADLINE_MS = 2_000;

    private TransportWarmup() {
    }

    /** @param credentials how to dial the node's own port: TLS when it serves TLS */
    static void warmUp(NodeAddress self, ChannelCredentials credentials) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(self.host(), self.port(),
                credentials).build();
        try {
            AdminServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                    .status(StatusRequest.newBuilder().setLogTail(1).build());
        } catch (StatusRuntimeException e) {
            // Only a warm-up: the node works without it, just with a slower first election.
        } finally {
            channel.shutdownNow();
        }
    }
}
