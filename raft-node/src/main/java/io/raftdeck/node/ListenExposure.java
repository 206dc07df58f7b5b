package io.raftdeck.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether a node is open to strangers: one that listens beyond loopback without peer TLS or a
 * peer secret takes Raft messages from anyone who reaches its port, and a single forged append
 * can make a follower apply an entry no leader wrote; without TLS, anyone on the path also
 * reads every value (and a peer secret) and can change it. The operator hears so once, at
 * start, in one line.
 */
final class ListenExposure {

    private ListenExposure() {
    }

    /**
     * The start-up warning for {@code config}, or empty when it needs none. Every port the
     * node binds counts: with {@code --listen-client} beyond loopback and peers on loopback,
     * clients' traffic is still exposed.
     */
    static Optional<String> warning(NodeConfig config) {
        Optional<NodeAddress> exposed = config.listeners().ports().keySet().stream()
                .filter(address -> !isLoopback(address.host())).findFirst();
        if (exposed.isEmpty()) {
            return Optional.empty();
        }
        String where = "node " + config.id() + " listens on " + exposed.get()
                + ", beyond loopback, ";
        boolean peerTls = config.tls() != null && config.tls().peerTls();
        if (config.tls() == null && config.peerSecret() != null) {
            // The secret keeps strangers from speaking as a peer, but the link is plaintext.
            return Optional.of(where + "without TLS: anyone on the path reads the traffic, the"
                    + " peer secret included, and can change it (--tls-cert and --tls-key, or"
                    + " --peer-tls-cert, --peer-tls-key and --peer-tls-ca)");
        }
        if (config.tls() == null) {
            return Optional.of(where + "without TLS or --peer-secret-file: anyone who can"
                    + " reach this port can send it Raft messages as a peer, and anyone on the"
                    + " path reads the traffic (--tls-cert and --tls-key, --peer-tls-cert,"
                    + " --peer-tls-key and --peer-tls-ca)");
        }
        if (!peerTls && config.peerSecret() == null) {
            return Optional.of(where + "with client TLS but neither peer TLS nor"
                    + " --peer-secret-file: anyone who can reach this port can send it Raft"
                    + " messages as a peer (--peer-tls-cert, --peer-tls-key, --peer-tls-ca)");
        }
        return Optional.empty();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // checked at start already; unknown is not known to be safe
        }
    }
}
