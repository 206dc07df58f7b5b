package io.raftdeck.console.state;

import io.raftdeck.console.ChaosStatus;
import io.raftdeck.console.NodeTarget;
import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.MessageLine;
import io.raftdeck.console.model.CommandInput;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.TimelineEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one mutable place of the dashboard. The poller publishes nodes and events, actions
 * report outcomes, the UI thread changes selection and input; every reader gets an immutable
 * {@link ClusterView}. A version number lets the UI thread redraw only after a change.
 */
public final class DashboardState {

    /** How many timeline events are kept; older ones fall off. */
    public static final int TIMELINE_CAPACITY = 200;

    private final List<NodeTarget> targets;
    private final boolean lifecycleOffered;
    private final Timeline timeline = new Timeline(TIMELINE_CAPACITY);
    private final MessageLog messages = new MessageLog(TIMELINE_CAPACITY);
    private boolean messagesVisible;
    private boolean heartbeatsShown;
    private final LifecycleMark[] marks;
    private List<NodeView> nodes;
    private int selected;
    private CommandInput input = CommandInput.CLOSED;
    private ActionOutcome lastAction;
    private boolean helpVisible;
    private ChaosStatus chaos = ChaosStatus.IDLE;
    private long version;

    public DashboardState(List<NodeTarget> targets, boolean lifecycleOffered) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("the dashboard needs at least one node");
        }
        this.targets = List.copyOf(targets);
        this.lifecycleOffered = lifecycleOffered;
        this.marks = new LifecycleMark[targets.size()];
        Arrays.fill(marks, LifecycleMark.NONE);
        List<NodeView> waiting = new ArrayList<>();
        for (NodeTarget target : targets) {
            waiting.add(NodeView.waiting(target.id(), target.address()));
        }
        this.nodes = List.copyOf(waiting);
    }

    public List<NodeTarget> targets() {
        return targets;
    }

    public synchronized ClusterView view() {
        return new ClusterView(nodes, timeline.snapshot(), selected, input, lastAction,
                helpVisible, lifecycleOffered, chaos,
                messages.view(messagesVisible, heartbeatsShown));
    }

    public synchronized long version() {
        return version;
    }

    /** Waits until the version moves past {@code seenVersion} or {@code timeoutMs} pass. */
    public synchronized void awaitChange(long seenVersion, long timeoutMs)
            throws InterruptedException {
        long deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000;
        while (version == seenVersion) {
            long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                return;
            }
            wait(leftMs);
        }
    }

    public synchronized void publishNodes(List<NodeView> newNodes, List<TimelineEvent> events) {
        if (newNodes.size() != targets.size()) {
            throw new IllegalArgumentException(
                    "expected " + targets.size() + " nodes, got " + newNodes.size());
        }
        nodes = List.copyOf(newNodes);
        timeline.addAll(events);
        changed();
    }

    public synchronized void addEvents(List<TimelineEvent> events) {
        timeline.addAll(events);
        changed();
    }

    /**
     * What the nodes' event streams brought: events for the timeline, messages for the
     * message view, and how many events the nodes dropped.
     */
    public synchronized void addNodeEvents(List<TimelineEvent> events, List<MessageLine> sent,
                                           long droppedEvents) {
        timeline.addAll(events);
        for (MessageLine line : sent) {
            messages.add(line, heartbeatsShown);
        }
        messages.dropped(droppedEvents);
        changed();
    }

    /** {@code m}: the message view in place of the timeline, or back. */
    public synchronized void toggleMessages() {
        messagesVisible = !messagesVisible;
        changed();
    }

    /** {@code H}: heartbeats listed in the message view, or folded into counts. */
    public synchronized void toggleHeartbeats() {
        heartbeatsShown = !heartbeatsShown;
        changed();
    }

    public synchronized void report(ActionOutcome outcome) {
        lastAction = outcome;
        changed();
    }

    public synchronized void select(int index) {
        if (index >= 0 && index < targets.size()) {
            selected = index;
            changed();
        }
    }

    /** Moves the selection by {@code delta}, wrapping around the ends. */
    public synchronized void moveSelection(int delta) {
        int count = targets.size();
        selected = Math.floorMod(selected + delta, count);
        changed();
    }

    public synchronized void setInput(CommandInput newInput) {
        input = newInput;
        changed();
    }

    public synchronized void setHelpVisible(boolean visible) {
        helpVisible = visible;
        changed();
    }

    /** Shows the chaos mode's progress; an unchanged status causes no redraw. */
    public synchronized void setChaos(ChaosStatus status) {
        if (!chaos.equals(status)) {
            chaos = status;
            changed();
        }
    }

    public synchronized void markKilled(int index, long atNanos) {
        marks[index] = new LifecycleMark(true, atNanos);
        changed();
    }

    public synchronized void markRestarted(int index, long atNanos) {
        marks[index] = new LifecycleMark(false, atNanos);
        changed();
    }

    public synchronized LifecycleMark lifecycleMark(int index) {
        return marks[index];
    }

    private void changed() {
        version++;
        notifyAll();
    }
}
