package io.raftdeck.console.model;

import java.util.List;
import java.util.Optional;

/** Which node, if any, the cluster is following right now, judged from status answers alone. */
public final class Leadership {

    private Leadership() {
    }

    /**
     * The node that leads the newest term among the nodes that can reach the others. An isolated
     * node is left out in both roles: it may still believe it leads, but it can commit nothing,
     * and its term may run ahead while it keeps trying to be elected. A leader of an older term
     * than some connected node is stale: that node has moved on to an election.
     */
    public static Optional<NodeView> currentLeader(List<NodeView> nodes) {
        long newestTerm = newestConnectedTerm(nodes);
        return nodes.stream()
                .filter(node -> node.reachability() == Reachability.UP)
                .filter(NodeView::claimsLeadership)
                .filter(node -> node.state().term() == newestTerm)
                .findFirst();
    }

    /** The highest term reported by a node that is up and not isolated; 0 when there is none. */
    public static long newestConnectedTerm(List<NodeView> nodes) {
        return nodes.stream()
                .filter(node -> node.reachability() == Reachability.UP)
                .mapToLong(node -> node.state().term())
                .max().orElse(0);
    }
}
