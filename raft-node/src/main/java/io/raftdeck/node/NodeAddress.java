package io.raftdeck.node;

/** A node's host and port, written {@code host:port}. */
public record NodeAddress(String host, int port) {

    public NodeAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("address needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    /** Parses {@code host:port}; throws IllegalArgumentException with a readable message. */
    public static NodeAddress parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String host = text.substring(0, colon);
        try {
            return new NodeAddress(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
