package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.HostResolution;
import io.raftdeck.node.NodeAddress;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Parses {@code --peers 1=host:port,2=host:port,...} into the cluster's membership, this node
 * included. Every mistake is reported as one line naming the offending entry, because a wrong
 * peer list silently splits a cluster in two.
 */
final class PeerList {

    private PeerList() {
    }

    /**
     * Returns every member's address: the peers plus this node at {@code listen}. The peer list
     * may name this node, but only with the same address as {@code listen}.
     *
     * @throws IllegalArgumentException with a one-line message on any malformed or
     *                                  contradictory entry
     */
    static SortedMap<Integer, NodeAddress> members(int id, NodeAddress listen, String peers) {
        return members(id, listen, "--listen", peers);
    }

    /**
     * As {@link #members(int, NodeAddress, String)}, with this node's member address given by
     * {@code listenFlag} ({@code --listen-peer} when peers have a port of their own).
     */
    static SortedMap<Integer, NodeAddress> members(int id, NodeAddress listen, String listenFlag,
                                                   String peers) {
        if (id < 1) {
            throw new IllegalArgumentException("--id must be >= 1, was " + id);
        }
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        members.put(id, listen);
        Map<NodeAddress, Integer> owners = new HashMap<>();
        owners.put(listen, id);
        boolean selfListed = false;
        for (String entry : entries(peers)) {
            int peerId = peerId(entry);
            NodeAddress address = address(entry);
            if (peerId == id) {
                if (selfListed) {
                    throw new IllegalArgumentException("--peers lists id " + id + " twice");
                }
                if (!address.equals(listen)) {
                    throw new IllegalArgumentException("--peers gives this node (id " + id
                            + ") address " + address + " but " + listenFlag + " is " + listen);
                }
                selfListed = true;
                continue;
            }
            if (members.putIfAbsent(peerId, address) != null) {
                throw new IllegalArgumentException("--peers lists id " + peerId + " twice");
            }
            Integer owner = owners.putIfAbsent(address, peerId);
            if (owner != null) {
                throw new IllegalArgumentException("--peers gives address " + address
                        + " to both node " + owner + " and node " + peerId);
            }
        }
        checkDistinctEndpoints(members);
        return members;
    }

    /**
     * Two members written differently ({@code 127.0.0.1:6161}, {@code localhost:6161}) may be
     * one process, which would then count as two votes in every quorum: refused once their
     * hosts resolve to a shared address. A host that does not resolve now is left alone; it
     * may once its machine is up (see the transport's NameResolutionLog).
     */
    private static void checkDistinctEndpoints(SortedMap<Integer, NodeAddress> members) {
        List<Map.Entry<Integer, NodeAddress>> listed = List.copyOf(members.entrySet());
        Map<Integer, Set<InetAddress>> resolved = new HashMap<>();
        for (Map.Entry<Integer, NodeAddress> member : listed) {
            HostResolution.addresses(member.getValue())
                    .ifPresent(hosts -> resolved.put(member.getKey(), hosts));
        }
        for (int i = 0; i < listed.size(); i++) {
            for (int j = i + 1; j < listed.size(); j++) {
                checkDistinct(listed.get(i), listed.get(j), resolved);
            }
        }
    }

    private static void checkDistinct(Map.Entry<Integer, NodeAddress> first,
            Map.Entry<Integer, NodeAddress> second, Map<Integer, Set<InetAddress>> resolved) {
        Set<InetAddress> firstHosts = resolved.get(first.getKey());
        Set<InetAddress> secondHosts = resolved.get(second.getKey());
        if (firstHosts == null || secondHosts == null || !HostResolution.sameEndpoint(
                first.getValue(), firstHosts, second.getValue(), secondHosts)) {
            return;
        }
        InetAddress shared = firstHosts.stream().filter(secondHosts::contains).findFirst()
                .orElseThrow();
        throw new IllegalArgumentException("--peers: node " + first.getKey() + " at "
                + first.getValue() + " and node " + second.getKey() + " at " + second.getValue()
                + " are one endpoint (both resolve to " + shared.getHostAddress() + ", port "
                + first.getValue().port() + ")");
    }

    private static String[] entries(String peers) {
        if (peers == null || peers.isBlank()) {
            return new String[0];
        }
        return peers.split(",", -1);
    }

    private static int peerId(String entry) {
        int equals = entry.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("--peers entry '" + entry
                    + "' is not id=host:port");
        }
        String idText = entry.substring(0, equals).strip();
        int peerId;
        try {
            peerId = Integer.parseInt(idText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--peers entry '" + entry
                    + "' has a non-numeric id");
        }
        if (peerId < 1) {
            throw new IllegalArgumentException("--peers entry '" + entry
                    + "': ids must be >= 1");
        }
        return peerId;
    }

    private static NodeAddress address(String entry) {
        String text = entry.substring(entry.indexOf('=') + 1).strip();
        try {
            return NodeAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--peers entry '" + entry + "': "
                    + e.getMessage());
        }
    }
}
