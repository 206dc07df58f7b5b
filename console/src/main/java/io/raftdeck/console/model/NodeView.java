package io.raftdeck.console.model;

import java.util.Objects;

/**
 * One node as the dashboard shows it. {@code state} is present exactly when the node answered
 * its latest status request, so a node that is down or unreachable has no numbers to show.
 *
 * @param id      the node's Raft id (as it reported it, or as the launcher named it)
 * @param address host:port the dashboard polls
 * @param problem why there are no numbers (empty for nodes that answer)
 */
public record NodeView(
        int id, String address, Reachability reachability, String problem, NodeState state) {

    public NodeView {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reachability, "reachability");
        problem = problem == null ? "" : problem;
        if (reachability.answers() != (state != null)) {
            throw new IllegalArgumentException(
                    "node " + id + ": " + reachability + " must "
                            + (reachability.answers() ? "" : "not ") + "carry a status");
        }
    }

    public static NodeView waiting(int id, String address) {
        return new NodeView(id, address, Reachability.WAITING, "", null);
    }

    public static NodeView down(int id, String address) {
        return new NodeView(id, address, Reachability.DOWN, "killed from the dashboard", null);
    }

    public static NodeView unreachable(int id, String address, String problem) {
        return new NodeView(id, address, Reachability.UNREACHABLE, problem, null);
    }

    public static NodeView answering(int id, String address, NodeState state, boolean isolated) {
        Reachability reachability = isolated ? Reachability.ISOLATED : Reachability.UP;
        return new NodeView(id, address, reachability, "", state);
    }

    /** Whether the node answered its latest status request (and so has a state). */
    public boolean answers() {
        return state != null;
    }

    /** Whether this node is a leader by its own latest report. */
    public boolean claimsLeadership() {
        return state != null && state.role() == Role.LEADER;
    }
}
