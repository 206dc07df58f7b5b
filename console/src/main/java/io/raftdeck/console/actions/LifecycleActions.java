package io.raftdeck.console.actions;

import io.raftdeck.console.NodeLifecycle;
import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.Reachability;
import java.util.Optional;

/** Kill and restart through the launcher's {@link NodeLifecycle}. */
final class LifecycleActions {

    static final String NOT_AVAILABLE = NodeLifecycle.Unowned.NOT_AVAILABLE;

    private final ActionContext context;

    LifecycleActions(ActionContext context) {
        this.context = context;
    }

    ActionOutcome killLeader(ClusterView view) throws Exception {
        if (!context.lifecycle().canKill()) {
            return ActionOutcome.failed(NOT_AVAILABLE);
        }
        Optional<NodeView> leader = view.leader();
        if (leader.isEmpty()) {
            return ActionOutcome.failed("no leader to kill right now");
        }
        return kill(view, view.nodes().indexOf(leader.get()));
    }

    ActionOutcome killSelected(ClusterView view) throws Exception {
        if (!context.lifecycle().canKill()) {
            return ActionOutcome.failed(NOT_AVAILABLE);
        }
        return kill(view, view.selected());
    }

    ActionOutcome restartSelected(ClusterView view) throws Exception {
        if (!context.lifecycle().canKill()) {
            return ActionOutcome.failed(NOT_AVAILABLE);
        }
        int index = view.selected();
        NodeView node = view.nodes().get(index);
        if (node.answers()) {
            return ActionOutcome.failed("node " + node.id() + " is running; k kills it first");
        }
        context.lifecycle().restart(context.state().targets().get(index).id());
        context.state().markRestarted(index, System.nanoTime());
        context.channels().reconnectNow(index);
        return ActionOutcome.ok("restarted node " + node.id());
    }

    private ActionOutcome kill(ClusterView view, int index) throws Exception {
        NodeView node = view.nodes().get(index);
        if (node.reachability() == Reachability.DOWN) {
            return ActionOutcome.failed("node " + node.id() + " is already down; r restarts it");
        }
        // Marked first, so that the row turns DOWN at once rather than UNREACHABLE while the
        // node is being stopped; undone if the kill fails.
        context.state().markKilled(index, System.nanoTime());
        try {
            context.lifecycle().kill(context.state().targets().get(index).id());
        } catch (Exception failed) {
            context.state().markRestarted(index, System.nanoTime());
            throw failed;
        }
        String was = node.answers()
                ? " (" + node.state().role().name().toLowerCase().replace('_', '-')
                        + " in term " + node.state().term() + ")"
                : "";
        return ActionOutcome.ok("killed node " + node.id() + was);
    }
}
