package io.raftdeck.console.model;

import java.util.List;
import java.util.Map;

/**
 * What the message view shows: the newest messages (oldest first), the heartbeats folded into
 * counts per pair of nodes (lower id first) unless {@code heartbeatsShown}, whether the view
 * replaces the timeline now, and the events the nodes dropped because the dashboard fell
 * behind.
 */
public record MessageView(List<MessageLine> lines, Map<String, Long> heartbeatsPerLink,
                          boolean visible, boolean heartbeatsShown, long droppedEvents) {

    public static final MessageView EMPTY = new MessageView(List.of(), Map.of(), false, false, 0);

    public MessageView {
        lines = List.copyOf(lines);
        heartbeatsPerLink = Map.copyOf(heartbeatsPerLink);
    }
}
