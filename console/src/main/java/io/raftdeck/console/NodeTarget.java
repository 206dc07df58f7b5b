package io.raftdeck.console;

import java.util.Objects;

/**
 * A node the dashboard polls: where its gRPC services listen, and the id the launcher knows it
 * by. The id is the one {@link NodeLifecycle} is called with; the dashboard shows the id the
 * node itself reports once it answers (they agree unless a remote cluster was listed in another
 * order).
 */
public record NodeTarget(int id, String host, int port) {

    public NodeTarget {
        Objects.requireNonNull(host, "host");
        if (id < 1) {
            throw new IllegalArgumentException("node id must be >= 1, was " + id);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("node " + id + ": empty host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("node " + id + ": port out of range: " + port);
        }
    }

    /** host:port, as a gRPC target and as the dashboard shows it. */
    public String address() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
