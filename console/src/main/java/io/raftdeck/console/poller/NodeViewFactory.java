package io.raftdeck.console.poller;

import io.raftdeck.console.NodeTarget;
import io.raftdeck.console.model.NodeState;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.state.LifecycleMark;
import java.util.List;

/** Decides what one node looks like from its latest poll and what the dashboard did to it. */
final class NodeViewFactory {

    private NodeViewFactory() {
    }

    /**
     * @param shownId  the id to show: the one the node last reported, else the launcher's
     * @param result   the latest poll outcome, or null when none has come back yet
     * @param otherIds the ids of every other member, used to tell whether all links are cut
     */
    static NodeView toView(NodeTarget target, int shownId, PollResult result,
            LifecycleMark mark, List<Integer> otherIds) {
        String address = target.address();
        if (mark.killed()) {
            return NodeView.down(shownId, address);
        }
        // An answer to a request sent before the last kill or restart describes another life.
        if (result == null || result.sentAtNanos() < mark.changedAtNanos()) {
            return NodeView.waiting(shownId, address);
        }
        if (!result.succeeded()) {
            return NodeView.unreachable(shownId, address, result.failure());
        }
        NodeState state = StatusConversion.toState(result.status());
        return NodeView.answering(shownId, address, state, isolated(state, shownId, otherIds));
    }

    private static boolean isolated(NodeState state, int id, List<Integer> otherIds) {
        List<Integer> others = state.members().isEmpty()
                ? otherIds
                : state.members().stream().filter(member -> member != id).toList();
        return !others.isEmpty() && state.cutLinks().containsAll(others);
    }
}
