package io.raftdeck.transport;

import static io.raftdeck.core.Messages.appendRequest;
import static io.raftdeck.core.Messages.installSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.raftdeck.core.Message;
import io.raftdeck.proto.v1.PeerMessage;
import io.raftdeck.proto.v1.PeerServiceGrpc;
import io.raftdeck.proto.v1.StreamClosed;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeerTransportTest {

    private static final long DEADLINE_MS = 10_000;

    private final LinkedBlockingQueue<PeerMessage> received = new LinkedBlockingQueue<>();
    /** Peers whose established stream broke, as the transport reported them. */
    private final LinkedBlockingQueue<Integer> lost = new LinkedBlockingQueue<>();
    private final LinkFilter filter = new LinkFilter();
    private Server peerServer;
    private PeerChannels channels;
    private PeerTransport transport;

    /** A stand-in for node 2: collects whatever arrives on its stream. */
    private final class Collector extends PeerServiceGrpc.PeerServiceImplBase {
        @Override
        public StreamObserver<PeerMessage> stream(StreamObserver<StreamClosed> response) {
            return new StreamObserver<>() {
                @Override
                public void onNext(PeerMessage message) {
                    received.add(message);
                }

                @Override
                public void onError(Throwable error) {
                }

                @Override
                public void onCompleted() {
                    response.onCompleted();
                }
            };
        }
    }

    private void startPeer(int port) throws IOException {
        peerServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new Collector()).build().start();
    }

    private void connect() {
        channels = new PeerChannels(Map.of(2,
                InetSocketAddress.createUnresolved("127.0.0.1", peerServer.getPort())), 1 << 20);
        transport = new PeerTransport(1, Set.of(1, 2), channels, filter, 16, lost::add);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (transport != null) {
            transport.close();
            channels.close();
        }
        if (peerServer != null) {
            peerServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Message heartbeat(long term) {
        return appendRequest().from(1).to(2).term(term).build();
    }

    /** Sends heartbeats of {@code term} until one arrives; a send may be lost while connecting. */
    private PeerMessage sendUntilReceived(long term) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (System.nanoTime() < deadline) {
            transport.send(heartbeat(term));
            PeerMessage message = received.poll(20, TimeUnit.MILLISECONDS);
            if (message != null && message.getTerm() == term) {
                return message;
            }
        }
        return null;
    }

    /** The next message that is not one of the connection probes of term 1. */
    private PeerMessage nextAfterProbes() throws InterruptedException {
        while (true) {
            PeerMessage message = received.poll(DEADLINE_MS, TimeUnit.MILLISECONDS);
            if (message == null || message.getTerm() != 1) {
                return message;
            }
        }
    }

    @Test
    void messagesArriveInOrderOverTheStream() throws Exception {
        // Proves sent messages reach the peer over gRPC, in the order they were sent.
        startPeer(0);
        connect();
        assertNotNull(sendUntilReceived(1));
        for (long term = 2; term <= 11; term++) {
            transport.send(heartbeat(term));
        }
        for (long term = 2; term <= 11; term++) {
            PeerMessage message = nextAfterProbes();
            assertNotNull(message, "message of term " + term + " did not arrive");
            assertEquals(term, message.getTerm());
        }
    }

    @Test
    void losingAnEstablishedStreamIsReportedOnceAndAnUnreachablePeerNever() throws Exception {
        // Proves the signal behind fast failover: when a peer that was reached goes away, its
        // loss is reported (once for that stream); failed attempts to reach it are not.
        startPeer(0);
        connect();
        assertNotNull(sendUntilReceived(1));
        assertEquals(null, lost.poll(), "nothing lost while the peer is up");
        peerServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        assertEquals(Integer.valueOf(2), lost.poll(DEADLINE_MS, TimeUnit.MILLISECONDS));
        for (int i = 0; i < 20; i++) {
            transport.send(heartbeat(2)); // reconnect attempts to a dead peer
            received.poll(10, TimeUnit.MILLISECONDS);
        }
        assertEquals(null, lost.poll(), "attempts that never reached the peer are no loss");
    }

    @Test
    void aRestartedPeerIsReachedAgain() throws Exception {
        // Proves the transport reopens its stream after the peer goes away and comes back.
        startPeer(0);
        int port = peerServer.getPort();
        connect();
        assertNotNull(sendUntilReceived(1));
        peerServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        for (int i = 0; i < 50; i++) {
            transport.send(heartbeat(2));
        }
        startPeer(port);
        assertNotNull(sendUntilReceived(3), "no message reached the restarted peer");
    }

    @Test
    void cutLinksSendNothing() throws Exception {
        // Proves nothing goes out to a cut peer, and sending resumes once the link heals.
        startPeer(0);
        connect();
        assertNotNull(sendUntilReceived(1));
        filter.setCut(Set.of(2));
        transport.send(heartbeat(5));
        filter.setCut(Set.of());
        transport.send(heartbeat(6));
        PeerMessage next = nextAfterProbes();
        assertNotNull(next);
        assertEquals(6, next.getTerm(), "the message sent while cut must not arrive");
    }

    @Test
    void snapshotOfSeveralMegabytesArrivesWholeInChunksBesideOtherMessages() throws Exception {
        // Proves a 5 MB snapshot goes out in bounded chunks, once even when asked for twice
        // while on its way, heartbeats still get through, and the receiver assembles the exact
        // bytes into one InstallSnapshot.
        startPeer(0);
        connect();
        assertNotNull(sendUntilReceived(1));
        byte[] data = new byte[5 << 20];
        new java.util.Random(5).nextBytes(data);
        Message.InstallSnapshot install = installSnapshot().from(1).to(2).term(7)
                .lastIncludedIndex(4321).lastIncludedTerm(6).data(data).build();

        transport.send(install);
        transport.send(heartbeat(7));
        transport.send(install);

        List<Message> delivered = new java.util.ArrayList<>();
        PeerMessageReceiver receiver = new PeerMessageReceiver(2, Set.of(1, 2), new LinkFilter(),
                delivered::add);
        int chunks = 0;
        while (delivered.stream().noneMatch(Message.InstallSnapshot.class::isInstance)) {
            PeerMessage next = nextAfterProbes();
            assertNotNull(next, "the snapshot did not arrive; delivered " + delivered);
            if (next.hasInstallSnapshot()) {
                chunks++;
                assertEquals(true, next.getInstallSnapshot().getData().size()
                        <= SnapshotTransfer.CHUNK_BYTES);
            }
            receiver.receive(next);
        }
        assertEquals(20, chunks, "5 MB in 256 KiB chunks, sent once");
        Message.InstallSnapshot arrived = delivered.stream()
                .filter(Message.InstallSnapshot.class::isInstance)
                .map(Message.InstallSnapshot.class::cast).findFirst().orElseThrow();
        org.junit.jupiter.api.Assertions.assertArrayEquals(data, arrived.data());
        assertEquals(4321, arrived.lastIncludedIndex());
        assertEquals(true, delivered.stream().anyMatch(m -> m.term() == 7
                && m instanceof Message.AppendRequest), "the heartbeat got through too");
    }

    @Test
    void sendingToADeadPeerNeitherBlocksNorThrows() {
        // Proves a burst of sends to an unreachable peer returns at once and stays bounded.
        channels = new PeerChannels(Map.of(2,
                InetSocketAddress.createUnresolved("127.0.0.1", 1)), 1 << 20);
        transport = new PeerTransport(1, Set.of(1, 2), channels, filter, 16);
        long started = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            transport.send(heartbeat(1));
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(true, elapsedMs < 2_000, "10,000 sends took " + elapsedMs + " ms");
        assertEquals(true, transport.droppedMessages() >= 10_000 - 16 - 1);
    }
}
