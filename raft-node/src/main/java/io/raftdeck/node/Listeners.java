package io.raftdeck.node;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ports a node serves on and what each serves. By default one port ({@code --listen})
 * serves everything. {@code --listen-peer} moves the peer service to a port of its own, and
 * {@code --listen-client} moves what clients and operators call (client, seed raft.RaftService,
 * admin, health, reflection) to another; {@code --listen} keeps what is not moved, so it is
 * needed unless both are given, and refused when it would serve nothing.
 *
 * <p>Peers dial the port that serves the peer service: that is the member address, the one
 * every node lists in {@code --peers}. Members also forward client requests to their leader
 * there, so a peer-only port serves client calls a member forwarded, and nothing else of them.
 *
 * @param shared {@code --listen}, or null when both other ports are given
 * @param peer   {@code --listen-peer}, or null to serve peers on {@code shared}
 * @param client {@code --listen-client}, or null to serve clients on {@code shared}
 */
public record Listeners(NodeAddress shared, NodeAddress peer, NodeAddress client) {

    /** What a port serves. */
    public enum Traffic {
        /** raftdeck.v1.PeerService, and client calls forwarded by a member. */
        PEER,
        /** Client, seed raft.RaftService, admin, health and reflection. */
        CLIENT
    }

    /** One port serving everything: the default. */
    public static Listeners single(NodeAddress listen) {
        return new Listeners(listen, null, null);
    }

    /** The address peers dial and list in {@code --peers}. */
    public NodeAddress member() {
        return peer != null ? peer : shared;
    }

    /** The address that serves clients, admin calls and health. */
    public NodeAddress clients() {
        return client != null ? client : shared;
    }

    /** Each port to bind, with what it serves, the shared one first. */
    public Map<NodeAddress, Set<Traffic>> ports() {
        Map<NodeAddress, Set<Traffic>> ports = new LinkedHashMap<>();
        if (shared != null) {
            Set<Traffic> kept = EnumSet.allOf(Traffic.class);
            if (peer != null) {
                kept.remove(Traffic.PEER);
            }
            if (client != null) {
                kept.remove(Traffic.CLIENT);
            }
            ports.put(shared, kept);
        }
        if (peer != null) {
            ports.put(peer, EnumSet.of(Traffic.PEER));
        }
        if (client != null) {
            ports.put(client, EnumSet.of(Traffic.CLIENT));
        }
        return ports;
    }

    /** What is wrong with this combination of flags, in one line; empty when usable. */
    public Optional<String> problem() {
        if (shared == null && (peer == null || client == null)) {
            return Optional.of("--listen is required unless both --listen-peer and"
                    + " --listen-client are given");
        }
        if (shared != null && peer != null && client != null) {
            return Optional.of("--listen would serve nothing: --listen-peer and --listen-client"
                    + " take all its traffic; drop --listen");
        }
        if (peer != null && (peer.equals(shared) || peer.equals(client))) {
            return Optional.of("--listen-peer " + peer + " is also "
                    + (peer.equals(shared) ? "--listen" : "--listen-client")
                    + ": give each listener a port of its own");
        }
        if (client != null && client.equals(shared)) {
            return Optional.of("--listen-client " + client + " is also --listen: give each"
                    + " listener a port of its own");
        }
        return Optional.empty();
    }

    /** For the start-up line: each port and what it serves. */
    @Override
    public String toString() {
        if (peer == null && client == null) {
            return shared.toString();
        }
        StringBuilder text = new StringBuilder();
        ports().forEach((address, traffic) -> text.append(text.length() == 0 ? "" : ", ")
                .append(address).append(" (").append(traffic.size() == 2 ? "peers and clients"
                        : traffic.contains(Traffic.PEER) ? "peers" : "clients").append(')'));
        return text.toString();
    }
}
