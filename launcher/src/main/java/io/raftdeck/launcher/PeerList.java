package io.raftdeck.launcher;

import io.raftdeck.node.NodeAddress;
import java.util.HashMap;
import java.util.Map;
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
                            + ") address " + address + " but --listen is " + listen);
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
        return members;
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
