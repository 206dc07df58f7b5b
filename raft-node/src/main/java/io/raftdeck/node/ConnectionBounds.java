package io.raftdeck.node;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.util.concurrent.TimeUnit;

/**
 * Limits on what one connection to a node's server may take, so that neither a hostile client
 * nor a careless one can exhaust the node. With {@code ConnectionLimit} (how many connections)
 * they bound every resource a stranger can tie up without speaking the protocol.
 */
final class ConnectionBounds {

    /**
     * A connection must start HTTP/2 (its preface; a TLS handshake, once there is TLS) within
     * this, or is closed: gRPC's default is 120 s, long enough for idle sockets to hold the
     * connection limit and keep clients out. A client on a slow link starts in milliseconds.
     */
    static final long HANDSHAKE_TIMEOUT_SECONDS = 5;
    /**
     * Calls in flight on one connection: a benchmark's 256 clients share one connection, so
     * this is four times that; more wait for a free stream on the client side.
     */
    static final int MAX_CALLS_PER_CONNECTION = 1024;
    /** The server pings a connection quiet for this long, to find peers that vanished. */
    static final long KEEPALIVE_SECONDS = 60;
    static final long KEEPALIVE_TIMEOUT_SECONDS = 20;
    /** Clients may ping this often, no more (peers ping every 10 s); faster ends the link. */
    static final long PERMITTED_CLIENT_PING_SECONDS = 5;
    /** A connection with no call for this long is closed; a client reconnects transparently. */
    static final long MAX_IDLE_MINUTES = 10;
    /** Stream resets per window before the connection is closed ("rapid reset", 2023). */
    static final int MAX_RESETS_PER_WINDOW = 200;
    static final int RESET_WINDOW_SECONDS = 10;

    private ConnectionBounds() {
    }

    static NettyServerBuilder applied(NettyServerBuilder server) {
        return server.handshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .permitKeepAliveTime(PERMITTED_CLIENT_PING_SECONDS, TimeUnit.SECONDS)
                .maxConnectionIdle(MAX_IDLE_MINUTES, TimeUnit.MINUTES)
                .maxRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RESET_WINDOW_SECONDS);
    }
}
