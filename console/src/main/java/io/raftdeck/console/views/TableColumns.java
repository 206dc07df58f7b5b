package io.raftdeck.console.views;

import io.raftdeck.console.model.NodeView;
import java.util.List;

/**
 * Where each node-table column starts for a given screen width. Every column but the address
 * and the election timer has a fixed width; the address gets what it needs up to a cap, and
 * the timer the rest. When all nodes share one host only ":port" is shown per row (the title
 * names the host), which is what lets the table fit in 80 columns.
 */
record TableColumns(
        int marker, int id, int address, int net, int role, int term, int vote, int leader,
        int commit, int applied, int last, int timer, int timerWidth, boolean sharedHost) {

    static final int NET_WIDTH = 12;
    static final int ROLE_WIDTH = 10;
    private static final int FIXED_WIDTH = 2 + 3 + NET_WIDTH + ROLE_WIDTH + 5 + 5 + 4 + 7 + 8 + 6;
    private static final int MIN_TIMER_WIDTH = 11;
    private static final int MAX_ADDRESS_WIDTH = 22;
    /** From this width on, rows show full addresses even when the host is shared. */
    private static final int FULL_ADDRESS_COLUMNS = 100;

    static TableColumns of(int width, List<NodeView> nodes) {
        boolean sharedHost = width < FULL_ADDRESS_COLUMNS && sharedHost(nodes) != null;
        int wanted = nodes.stream().mapToInt(node -> shownAddress(node, sharedHost).length())
                .max().orElse(4) + 1;
        int address = Math.max(5, Math.min(Math.min(wanted, MAX_ADDRESS_WIDTH),
                width - FIXED_WIDTH - MIN_TIMER_WIDTH));
        int x = 0;
        int marker = x;
        int id = x += 2;
        int addressColumn = x += 3;
        int net = x += address;
        int role = x += NET_WIDTH;
        int term = x += ROLE_WIDTH;
        int vote = x += 5;
        int leader = x += 5;
        int commit = x += 4;
        int applied = x += 7;
        int last = x += 8;
        int timer = x += 6;
        return new TableColumns(marker, id, addressColumn, net, role, term, vote, leader,
                commit, applied, last, timer, Math.max(0, width - timer), sharedHost);
    }

    int addressWidth() {
        return net - address - 1;
    }

    /** The host every node listens on, or null when they differ. */
    static String sharedHost(List<NodeView> nodes) {
        String host = null;
        for (NodeView node : nodes) {
            String nodeHost = host(node.address());
            if (host != null && !host.equals(nodeHost)) {
                return null;
            }
            host = nodeHost;
        }
        return host;
    }

    static String shownAddress(NodeView node, boolean sharedHost) {
        String address = node.address();
        return sharedHost ? address.substring(address.lastIndexOf(':')) : address;
    }

    private static String host(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }
}
