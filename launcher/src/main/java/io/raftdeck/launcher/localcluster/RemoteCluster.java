package io.raftdeck.launcher.localcluster;

import io.grpc.InsecureChannelCredentials;
import io.grpc.ChannelCredentials;
import io.raftdeck.node.NodeAddress;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A cluster given by address, whose processes someone else runs: the same handle as the
 * clusters a command starts, with its members, but kill, restart, pause and resume refuse,
 * saying why, and closing stops nothing. Commands check {@link #canKill} and
 * {@link #canPause} first and offer those faults only where they work.
 */
public final class RemoteCluster implements LocalCluster {

    static final String NOT_OURS = "not available: the nodes of a cluster given by address "
            + "are not our processes";

    private final SortedMap<Integer, NodeAddress> members;
    private final ChannelCredentials credentials;

    /** @param members node id to client address, as each node names itself in its status */
    /** A plaintext cluster. */
    public RemoteCluster(SortedMap<Integer, NodeAddress> members) {
        this(members, InsecureChannelCredentials.create());
    }

    /** A cluster dialed with {@code credentials} (TLS: {@code cli.ClientTlsOptions}). */
    public RemoteCluster(SortedMap<Integer, NodeAddress> members,
                         ChannelCredentials credentials) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a cluster has at least one node");
        }
        this.members = new TreeMap<>(members);
        this.credentials = credentials;
    }

    @Override
    public ChannelCredentials credentials() {
        return credentials;
    }

    @Override
    public SortedMap<Integer, NodeAddress> members() {
        return members;
    }

    @Override
    public String description() {
        return members.size() + " nodes of a running cluster: " + members;
    }

    @Override
    public String logLocation() {
        return "with the nodes (not started here)";
    }

    @Override
    public String killMethod() {
        return "none (not our processes)";
    }

    @Override
    public boolean canKill() {
        return false;
    }

    @Override
    public boolean canPause() {
        return false;
    }

    @Override
    public void kill(int id) {
        throw refused("kill");
    }

    @Override
    public void restart(int id) {
        throw refused("restart");
    }

    @Override
    public void pause(int id) {
        throw refused("pause");
    }

    @Override
    public void resume(int id) {
        throw refused("resume");
    }

    /** Someone else's nodes: nothing to stop. */
    @Override
    public void close() {
    }

    private static UnsupportedOperationException refused(String operation) {
        return new UnsupportedOperationException(operation + " " + NOT_OURS);
    }
}
