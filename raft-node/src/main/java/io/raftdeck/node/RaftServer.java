package io.raftdeck.node;

/**
 * One running node: its event loop, storage, transport and a gRPC server on its address that
 * serves raftdeck.v1 (peer, client, admin) and the seed-compatible raft.RaftService.
 * (API skeleton; implementation in progress.)
 */
public final class RaftServer implements AutoCloseable {

    private RaftServer() {
    }

    /**
     * Validates the configuration, recovers storage, binds the port and starts the node.
     *
     * @throws StartupException with a one-line message when the node cannot start
     */
    public static RaftServer start(NodeConfig config) throws StartupException {
        throw new StartupException("not implemented yet");
    }

    public int id() {
        throw new UnsupportedOperationException();
    }

    public NodeAddress address() {
        throw new UnsupportedOperationException();
    }

    /** Stops serving and releases the port and storage. Idempotent. */
    @Override
    public void close() {
    }
}
