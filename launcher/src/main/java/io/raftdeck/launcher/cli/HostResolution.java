package io.raftdeck.launcher.cli;

import io.raftdeck.node.NodeAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** What the host of a {@code host:port} resolves to, in the form the command line needs. */
public final class HostResolution {

    private HostResolution() {
    }

    /** Every IP address of {@code address}'s host, or empty when the host does not resolve. */
    public static Optional<Set<InetAddress>> addresses(NodeAddress address) {
        try {
            return Optional.of(new LinkedHashSet<>(
                    Set.of(InetAddress.getAllByName(address.host()))));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether two addresses name one endpoint: the same port on a host address they share. */
    public static boolean sameEndpoint(NodeAddress first, Set<InetAddress> firstHost,
            NodeAddress second, Set<InetAddress> secondHost) {
        return first.port() == second.port()
                && firstHost.stream().anyMatch(secondHost::contains);
    }
}
