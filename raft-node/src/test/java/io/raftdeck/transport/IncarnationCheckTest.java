package io.raftdeck.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.raftdeck.core.Message;
import io.raftdeck.core.Messages;
import io.raftdeck.faults.DirectoryDeletion;
import io.raftdeck.proto.v1.PeerServiceGrpc;
import io.raftdeck.service.PeerServiceImpl;
import io.raftdeck.storage.DataDirectory;
import io.raftdeck.storage.Incarnation;
import io.raftdeck.storage.PeerIncarnations;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer service behind {@link IncarnationCheck}, over real gRPC on loopback: node 1 of
 * {1, 2, 3}, with its known incarnations in a real data directory.
 */
class IncarnationCheckTest {

    private static final Incarnation FIRST = new Incarnation(0x1111_2222_3333_4444L);
    private static final Incarnation SECOND = new Incarnation(0x5555_6666_7777_8888L);

    @TempDir
    Path dataRoot;
    private final List<Message> delivered = new CopyOnWriteArrayList<>();
    private final List<String> failStops = new CopyOnWriteArrayList<>();
    private final IdentityRefusals refusals = new IdentityRefusals();
    private final List<Server> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        servers.forEach(Server::shutdownNow);
    }

    /** Node 1's peer service on a fresh port, knowing what its data directory recorded. */
    private int serve() throws Exception {
        PeerIncarnations known = PeerIncarnations.load(DataDirectory.open(dataRoot, 1));
        IncarnationGossip gossip = new IncarnationGossip(1, Set.of(1, 2, 3), known,
                failStops::add);
        PeerMessageReceiver receiver = new PeerMessageReceiver(1, Set.of(1, 2, 3),
                new LinkFilter(), delivered::add);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new PeerServiceImpl(receiver, gossip),
                        new IncarnationCheck(1, Set.of(1, 2, 3), known, refusals,
                                failStops::add)))
                .build().start();
        servers.add(server);
        return server.getPort();
    }

    private PeerServiceGrpc.PeerServiceBlockingStub stub(int port, ClientInterceptor shown) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext();
        if (shown != null) {
            builder.intercept(shown);
        }
        ManagedChannel channel = builder.build();
        channels.add(channel);
        return PeerServiceGrpc.newBlockingStub(channel);
    }

    private static io.raftdeck.proto.v1.PeerMessage timeoutNow(int from) {
        return MessageCodec.encode(Messages.timeoutNow().from(from).to(1).term(3).build());
    }

    @Test
    void theFirstIncarnationIsRecordedAndAnotherIsRefusedAfterARestart() throws Exception {
        // Proves trust on first use, durably: node 2's first incarnation passes and is
        // recorded in the data dir; after node 1 restarts, node 2 showing another is refused
        // FAILED_PRECONDITION with the refusal mark, before node 1 sees its message, and
        // node 1's status names it.
        int port = serve();
        stub(port, new PeerIdentity(2, FIRST).shown()).send(timeoutNow(2));
        assertEquals(1, delivered.size());
        stop();
        servers.clear();
        channels.clear();

        int restarted = serve();
        stub(restarted, new PeerIdentity(2, FIRST).shown()).send(timeoutNow(2));
        assertEquals(2, delivered.size());
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> stub(restarted, new PeerIdentity(2, SECOND).shown()).send(timeoutNow(2)));
        assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("node 1 refuses node 2"),
                refused.getStatus().getDescription());
        assertTrue(IncarnationCheck.isRefusal(refused.getTrailers()));
        assertEquals(2, delivered.size());
        assertEquals(Set.of(2), refusals.refusedMembers());
    }

    @Test
    void anAdmittedCallCarriesOnlyItsOwnMembersMessages() throws Exception {
        // Proves that node 2's admission cannot carry a message claiming to be node 3's.
        int port = serve();
        StatusRuntimeException rejected = assertThrows(StatusRuntimeException.class,
                () -> stub(port, new PeerIdentity(2, FIRST).shown()).send(timeoutNow(3)));
        assertEquals(Status.Code.INVALID_ARGUMENT, rejected.getStatus().getCode());
        assertTrue(delivered.isEmpty());
    }

    @Test
    void malformedOrForeignIdentitiesAreRejected() throws Exception {
        // Proves a header that is not ID/INCARNATION, this node's own id and a non-member are
        // INVALID_ARGUMENT, and that a call with no identity (an older raftdeck) passes.
        int port = serve();
        Metadata garbage = new Metadata();
        garbage.put(PeerIdentity.HEADER, "2/not-hex");
        for (ClientInterceptor shown : List.of(
                MetadataUtils.newAttachHeadersInterceptor(garbage),
                new PeerIdentity(1, FIRST).shown(), new PeerIdentity(9, FIRST).shown())) {
            StatusRuntimeException rejected = assertThrows(StatusRuntimeException.class,
                    () -> stub(port, shown).send(timeoutNow(2)));
            assertEquals(Status.Code.INVALID_ARGUMENT, rejected.getStatus().getCode());
        }
        assertTrue(delivered.isEmpty());
        stub(port, null).send(timeoutNow(2));
        assertEquals(1, delivered.size());
    }

    @Test
    void aRecordThatCannotBeWrittenStopsTheNode() throws Exception {
        // Proves that a node unable to record a peer's first incarnation fail-stops instead of
        // letting the peer in unrecorded (a restart would then trust whatever comes next).
        int port = serve();
        DirectoryDeletion.delete(dataRoot);
        StatusRuntimeException unavailable = assertThrows(StatusRuntimeException.class,
                () -> stub(port, new PeerIdentity(2, FIRST).shown()).send(timeoutNow(2)));
        assertEquals(Status.Code.UNAVAILABLE, unavailable.getStatus().getCode());
        assertEquals(1, failStops.size());
        assertNotNull(failStops.get(0));
        assertTrue(delivered.isEmpty());
    }

    @Test
    void whatAPeerTellsIsRecordedAndRefusesAnImpostorLater() throws Exception {
        // Proves the gossip: node 2 tells node 1 node 3's incarnation (as a leader tells its
        // followers); node 1, which never heard from node 3, then refuses node 3 showing
        // another one. What node 2 says of node 1 itself or of a stranger is not recorded.
        int port = serve();
        io.raftdeck.proto.v1.PeerMessage telling = timeoutNow(2).toBuilder()
                .addKnownIncarnations(io.raftdeck.proto.v1.KnownIncarnation.newBuilder()
                        .setMember(3).setIncarnation(FIRST.value()))
                .addKnownIncarnations(io.raftdeck.proto.v1.KnownIncarnation.newBuilder()
                        .setMember(1).setIncarnation(SECOND.value()))
                .addKnownIncarnations(io.raftdeck.proto.v1.KnownIncarnation.newBuilder()
                        .setMember(9).setIncarnation(SECOND.value()))
                .build();
        stub(port, new PeerIdentity(2, FIRST).shown()).send(telling);
        PeerIncarnations recorded = PeerIncarnations.load(DataDirectory.open(dataRoot, 1));
        assertEquals(java.util.Map.of(2, FIRST, 3, FIRST), recorded.all());

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> stub(port, new PeerIdentity(3, SECOND).shown()).send(timeoutNow(3)));
        assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
    }
}
