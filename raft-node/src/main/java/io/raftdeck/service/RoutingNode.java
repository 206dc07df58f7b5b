package io.raftdeck.service;

/**
 * What the router asks of the node it runs on: who leads, as this node knows it. Production
 * reads the {@code RaftNode}'s published status; the simulator reads its {@code NodeLoop}.
 */
public interface RoutingNode {

    /**
     * One consistent look at the node: read together, so that "not leading" and the leader it
     * names come from the same moment.
     *
     * @param stopped  why the node stopped, or null while it runs
     * @param leading  whether this node leads (and runs)
     * @param leaderId the leader this node knows, 0 for none
     */
    record View(String stopped, boolean leading, int leaderId) {
    }

    int id();

    View view();
}
