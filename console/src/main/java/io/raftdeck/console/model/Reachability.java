package io.raftdeck.console.model;

/**
 * Whether the dashboard can see a node, and how. Only UP and ISOLATED nodes carry numbers:
 * the others show none at all, so a dead node never looks alive.
 */
public enum Reachability {
    /** Not polled yet (the dashboard just started, or the node was just restarted). */
    WAITING,
    /** Answers its status RPC and has at least one link to the rest of the cluster. */
    UP,
    /** Answers its status RPC but every link to the other members is cut. */
    ISOLATED,
    /** Killed from this dashboard and not restarted since. */
    DOWN,
    /** Its status RPC failed or missed its deadline. */
    UNREACHABLE;

    /** Whether a node in this state answered its latest status request. */
    public boolean answers() {
        return this == UP || this == ISOLATED;
    }
}
