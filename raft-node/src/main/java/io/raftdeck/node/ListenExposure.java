package io.raftdeck.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether a node is open to strangers: one that listens beyond loopback without peer TLS or a
 * peer secret takes Raft messages from anyone who reaches its port, and a single forged append
 * can make a follower apply an entry no leader wrote; without TLS, anyone on the path also
 * reads every value and can change it. The operator hears so once, at start, in one line.
 */
final class ListenExposure {

    private ListenExposure() {
    }

    /** The start-up warning for {@code config}, or empty when it needs none. */
    static Optional<String> warning(NodeConfig config) {
        boolean peerTls = config.tls() != null && config.tls().peerTls();
        // A peer secret keeps strangers out too; its weakness (readable on a plaintext link)
        // is told where the secret is configured, not at every start.
        if (peerTls || config.peerSecret() != null || isLoopback(config.listen().host())) {
            return Optional.empty();
        }
        String where = "node " + config.id() + " listens on " + config.listen()
                + ", beyond loopback, ";
        if (config.tls() != null) {
            return Optional.of(where + "with client TLS but neither peer TLS nor"
                    + " --peer-secret-file: anyone who can reach this port can send it Raft"
                    + " messages as a peer (--peer-tls-cert, --peer-tls-key, --peer-tls-ca)");
        }
        return Optional.of(where + "without TLS or --peer-secret-file: anyone who can reach"
                + " this port can send it Raft messages as a peer, and anyone on the path reads"
                + " the traffic (--tls-cert and --tls-key, --peer-tls-cert, --peer-tls-key and"
                + " --peer-tls-ca)");
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // checked at start already; unknown is not known to be safe
        }
    }
}
