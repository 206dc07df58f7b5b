package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.raftdeck.node.Listeners;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.PeerMessage;
import io.raftdeck.proto.v1.PeerServiceGrpc;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes, each with a peer port ({@code --listen-peer}, its member address) and a client
 * port ({@code --listen-client}) over real gRPC: they elect over the peer ports, serve clients
 * on the client ports (followers forwarding to the leader's peer port), and neither port
 * serves the other's calls.
 */
class SeparateListenersIntegrationTest {

    @TempDir
    Path dataRoot;

    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        channels.forEach(ManagedChannel::shutdownNow);
    }

    @Test
    void peersAndClientsEachHaveTheirOwnPort() throws Exception {
        List<Integer> spare = new ArrayList<>(TestCluster.freePorts(8));
        try (TestCluster cluster = TestCluster.start(3, dataRoot, config -> {
            spare.removeAll(config.members().values().stream().map(NodeAddress::port).toList());
            NodeAddress clients = new NodeAddress("127.0.0.1", spare.remove(0));
            return config.withListeners(new Listeners(null, config.listen(), clients));
        })) {
            int leader = cluster.awaitLeader(); // status on the client ports, votes on the peer
            int follower = cluster.ids().stream().filter(id -> id != leader).findFirst()
                    .orElseThrow();
            WriteResponse put = cluster.client(follower).put(PutRequest.newBuilder()
                    .setKey("k").setValue(ByteString.copyFromUtf8("v")).build());
            assertEquals(leader, put.getLeaderId(), "forwarded to the leader's peer port");
            assertEquals("v", cluster.client(follower).get(GetRequest.newBuilder().setKey("k")
                    .build()).getValue().toStringUtf8());

            for (int id : cluster.ids()) {
                NodeConfig config = cluster.config(id);
                ManagedChannel clientPort = dial(config.listeners().clients());
                ManagedChannel peerPort = dial(config.listen());
                assertUnimplemented(() -> PeerServiceGrpc.newBlockingStub(clientPort)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .send(PeerMessage.getDefaultInstance()), null);
                assertUnimplemented(() -> ClientServiceGrpc.newBlockingStub(peerPort)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .get(GetRequest.newBuilder().setKey("k").build()), "--listen-client");
                assertUnimplemented(() -> AdminServiceGrpc.newBlockingStub(peerPort)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .status(StatusRequest.getDefaultInstance()), null);
                assertUnimplemented(() -> HealthGrpc.newBlockingStub(peerPort)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()), null);
                assertEquals(id, AdminServiceGrpc.newBlockingStub(clientPort)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .status(StatusRequest.getDefaultInstance()).getId());
            }
        }
    }

    private ManagedChannel dial(NodeAddress address) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(address.host(), address.port(),
                InsecureChannelCredentials.create()).build();
        channels.add(channel);
        return channel;
    }

    private static void assertUnimplemented(Executable call, String mentioned) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), e::toString);
        if (mentioned != null) {
            assertTrue(String.valueOf(e.getStatus().getDescription()).contains(mentioned),
                    e::toString);
        }
    }
}
