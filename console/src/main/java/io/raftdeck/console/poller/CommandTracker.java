package io.raftdeck.console.poller;

import io.raftdeck.console.model.EventKind;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.TimelineEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Follows commands sent from the dashboard after the leader confirmed them, until every node
 * that answers has them committed too, and then reports how long that took from sending. This
 * is the moment the command shows as committed in every log strip. Thread-safe: actions add,
 * the poller observes.
 */
public final class CommandTracker {

    /** At most this many commands are followed; the oldest is forgotten first. */
    static final int CAPACITY = 64;

    private record Pending(long index, String label, Instant sentAt) {
    }

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    /** Follows the command committed at {@code index} by the leader, sent at {@code sentAt}. */
    public synchronized void expect(long index, String label, Instant sentAt) {
        if (pending.size() == CAPACITY) {
            pending.removeFirst();
        }
        pending.addLast(new Pending(index, label, sentAt));
    }

    public synchronized List<TimelineEvent> observe(List<NodeView> nodes, Instant now) {
        List<NodeView> answering = nodes.stream().filter(NodeView::answers).toList();
        if (answering.isEmpty() || pending.isEmpty()) {
            return List.of();
        }
        long lowestCommit = answering.stream()
                .mapToLong(node -> node.state().commitIndex()).min().orElseThrow();
        List<TimelineEvent> events = new ArrayList<>();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending command = it.next();
            if (command.index() <= lowestCommit) {
                long elapsedMs = Duration.between(command.sentAt(), now).toMillis();
                events.add(new TimelineEvent(now, command.label() + " (index " + command.index()
                        + ") is committed on all " + answering.size() + " answering nodes, "
                        + elapsedMs + " ms after sending", EventKind.COMMAND));
                it.remove();
            }
        }
        return events;
    }
}
