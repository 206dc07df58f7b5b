package io.raftdeck.console.model;

import io.raftdeck.console.ChaosStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the dashboard draws, as one immutable value: the nodes in the order the launcher
 * listed them, the newest timeline events (oldest first), and the interface state.
 *
 * @param selected         index into {@code nodes} of the selected node
 * @param lifecycleOffered whether kill and restart are possible (false when attached remotely)
 * @param chaos            the chaos mode's progress; {@link ChaosStatus#IDLE} when not used
 * @param messages         the message view, from the nodes' event streams
 */
public record ClusterView(
        List<NodeView> nodes,
        List<TimelineEvent> events,
        int selected,
        CommandInput input,
        ActionOutcome lastAction,
        boolean helpVisible,
        boolean lifecycleOffered,
        ChaosStatus chaos,
        MessageView messages) {

    /** A view without messages. */
    public ClusterView(List<NodeView> nodes, List<TimelineEvent> events, int selected,
            CommandInput input, ActionOutcome lastAction, boolean helpVisible,
            boolean lifecycleOffered, ChaosStatus chaos) {
        this(nodes, events, selected, input, lastAction, helpVisible, lifecycleOffered, chaos,
                MessageView.EMPTY);
    }

    /** A view with no chaos run. */
    public ClusterView(List<NodeView> nodes, List<TimelineEvent> events, int selected,
            CommandInput input, ActionOutcome lastAction, boolean helpVisible,
            boolean lifecycleOffered) {
        this(nodes, events, selected, input, lastAction, helpVisible, lifecycleOffered,
                ChaosStatus.IDLE);
    }

    public ClusterView {
        Objects.requireNonNull(chaos, "chaos");
        Objects.requireNonNull(messages, "messages");
        nodes = List.copyOf(nodes);
        events = List.copyOf(events);
        Objects.requireNonNull(input, "input");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a cluster view needs at least one node");
        }
        if (selected < 0 || selected >= nodes.size()) {
            throw new IllegalArgumentException("selected node index out of range: " + selected);
        }
    }

    public NodeView selectedNode() {
        return nodes.get(selected);
    }

    /** The leader the cluster follows now, if any: see {@link Leadership#currentLeader}. */
    public Optional<NodeView> leader() {
        return Leadership.currentLeader(nodes);
    }

    /** The node whose Raft id is {@code id}, if the dashboard shows one. */
    public Optional<NodeView> nodeWithId(int id) {
        return nodes.stream().filter(node -> node.id() == id).findFirst();
    }
}
