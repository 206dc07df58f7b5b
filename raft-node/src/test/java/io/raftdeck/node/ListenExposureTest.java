package io.raftdeck.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.transport.PeerSecret;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import io.raftdeck.tls.NodeTls;
import io.raftdeck.tls.TlsFile;
import org.junit.jupiter.api.Test;

class ListenExposureTest {

    private static NodeConfig listeningOn(String host) {
        return NodeConfig.of(1, Map.of(1, new NodeAddress(host, 5001)), Path.of("unused"));
    }

    @Test
    void aNodeOpenBeyondLoopbackWithoutASecretIsWarnedAbout() {
        // Proves the one start-up warning names the address and the flag that closes the hole.
        Optional<String> warning = ListenExposure.warning(listeningOn("0.0.0.0"));
        assertTrue(warning.isPresent());
        assertTrue(warning.get().contains("0.0.0.0:5001"), warning.get());
        assertTrue(warning.get().contains("--peer-secret-file"), warning.get());
    }

    @Test
    void loopbackNeedsNoWarning() {
        // Proves the warning is not noise: none when every port is on loopback.
        assertEquals(Optional.empty(), ListenExposure.warning(listeningOn("127.0.0.1")));
        assertEquals(Optional.empty(), ListenExposure.warning(listeningOn("localhost")));
    }

    @Test
    void aSecretWithoutTlsIsStillPlaintextBeyondLoopback() {
        // Proves a peer secret keeps the peer warning away but not the plaintext one: the
        // operations issue wants one line for any port beyond loopback without TLS.
        String warning = ListenExposure.warning(listeningOn("0.0.0.0")
                .withPeerSecret(PeerSecret.of("0123456789abcdef0123"))).orElseThrow();
        assertTrue(warning.contains("0.0.0.0:5001, beyond loopback, without TLS: anyone on the"
                + " path reads the traffic, the peer secret included"), warning);
        assertTrue(!warning.contains("--peer-secret-file"), warning);
    }

    @Test
    void aClientPortBeyondLoopbackCountsToo() {
        // Proves every bound port is looked at, not only the member address peers dial.
        NodeConfig config = listeningOn("127.0.0.1");
        NodeConfig clientsOutside = config.withListeners(new Listeners(null, config.listen(),
                new NodeAddress("0.0.0.0", 5101)));
        String warning = ListenExposure.warning(clientsOutside).orElseThrow();
        assertTrue(warning.contains("listens on 0.0.0.0:5101, beyond loopback, without TLS"),
                warning);
    }

    @Test
    void peerTlsNeedsNoWarningAndClientTlsAloneIsWarnedAbout() {
        // Proves the warning follows what guards the peer service: peer TLS does, client TLS
        // on its own does not.
        TlsFile any = new TlsFile("--x", Path.of("unused.pem"));
        NodeTls peerTls = new NodeTls(null, null, null, false, any, any, any);
        assertEquals(Optional.empty(), ListenExposure.warning(listeningOn("0.0.0.0")
                .withTls(peerTls)));
        Optional<String> clientTlsOnly = ListenExposure.warning(listeningOn("0.0.0.0")
                .withTls(new NodeTls(any, any, null, false, null, null, null)));
        assertTrue(clientTlsOnly.isPresent());
        assertTrue(clientTlsOnly.get().contains("--peer-tls-cert"), clientTlsOnly.get());
        assertTrue(ListenExposure.warning(listeningOn("0.0.0.0")).orElseThrow()
                .contains("without TLS"));
    }
}
