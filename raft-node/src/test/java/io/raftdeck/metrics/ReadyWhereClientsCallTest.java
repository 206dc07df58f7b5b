package io.raftdeck.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ChannelCredentials;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.node.Listeners;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.tls.TlsFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /readyz}'s linearizable read goes through the port clients call, shown as the node's
 * own member would: on a node with mutual TLS and {@code --client-cert-auth}, and on one whose
 * clients have a port of their own, a healthy cluster is ready. Both answered 503 before
 * ("linearizable_read failed"): the read dialed the member address in plaintext.
 */
class ReadyWhereClientsCallTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(50);

    @TempDir
    Path dir;

    @Test
    void readyUnderMutualTlsWithClientCertificatesRequired() throws Exception {
        TlsFixture tls = TlsFixture.in(dir);
        for (int id = 1; id <= 3; id++) {
            tls.issueMember(id);
        }
        assertAllReady(config -> config.withTls(tls.peerTlsWithClientCertAuth(config.id())),
                tls.certifiedClient());
    }

    @Test
    void readyWithAPortForClientsOfItsOwn() throws Exception {
        List<Integer> spare = new ArrayList<>(TestCluster.freePorts(8));
        assertAllReady(config -> {
            spare.removeAll(config.members().values().stream().map(NodeAddress::port).toList());
            NodeAddress clients = new NodeAddress("127.0.0.1", spare.remove(0));
            return config.withListeners(new Listeners(null, config.listen(), clients));
        }, null);
    }

    /** Starts three nodes so configured; {@code client} dials them, null for plaintext. */
    private void assertAllReady(UnaryOperator<NodeConfig> configure, ChannelCredentials client)
            throws Exception {
        try (TestCluster cluster = TestCluster.start(3, dir.resolve("data"), configure)) {
            if (client != null) {
                cluster.dialingWith(client);
            }
            List<Integer> ports = TestCluster.freePorts(3);
            for (int id : cluster.ids()) {
                cluster.node(id).serveMetrics(new NodeAddress("127.0.0.1", ports.get(id - 1)));
            }
            cluster.awaitLeader();
            for (int id : cluster.ids()) {
                int port = ports.get(id - 1);
                TestCluster.await("node " + id + " ready", WAIT, POLL,
                        () -> HttpGet.get(port, "/readyz").code() == 200);
                HttpGet.Answer verbose = HttpGet.get(port, "/readyz?verbose");
                assertEquals(200, verbose.code(), verbose.body());
            }
        }
    }
}
