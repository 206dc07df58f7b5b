package io.raftdeck.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether a node is open to strangers: one that listens beyond loopback without a peer secret
 * takes Raft messages from anyone who reaches its port, and a single forged append can make a
 * follower apply an entry no leader wrote. The operator hears so once, at start.
 */
final class ListenExposure {

    private ListenExposure() {
    }

    /** The start-up warning for {@code config}, or empty when it needs none. */
    static Optional<String> warning(NodeConfig config) {
        if (config.peerSecret() != null || isLoopback(config.listen().host())) {
            return Optional.empty();
        }
        return Optional.of("node " + config.id() + " listens on " + config.listen()
                + ", beyond loopback, without --peer-secret-file: anyone who can reach this port"
                + " can send it Raft messages as a peer");
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // checked at start already; unknown is not known to be safe
        }
    }
}
