package io.raftdeck.console.state;

import io.raftdeck.console.model.MessageLine;
import io.raftdeck.console.model.MessageView;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The newest messages the nodes reported sending, bounded like the timeline, with heartbeats
 * counted per pair of nodes instead of listed (unless asked for): a healthy cluster sends
 * nothing else most of the time, and the messages that matter would scroll away. Not
 * thread-safe; its owner locks.
 */
final class MessageLog {

    private final int capacity;
    private final ArrayDeque<MessageLine> lines;
    private final Map<String, Long> heartbeats = new TreeMap<>();
    private long dropped;

    MessageLog(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    void add(MessageLine line, boolean heartbeatsShown) {
        if (line.heartbeat()) {
            heartbeats.merge(link(line.from(), line.to()), 1L, Long::sum);
            if (!heartbeatsShown) {
                return;
            }
        }
        // A message sent again and again in a row (appends to a follower that is down) is one
        // line with a count, so it does not push everything else off the view.
        MessageLine last = lines.peekLast();
        if (last != null && last.repeats(line)) {
            lines.removeLast();
            lines.addLast(last.again(line.time()));
            return;
        }
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    void dropped(long count) {
        dropped += count;
    }

    MessageView view(boolean visible, boolean heartbeatsShown) {
        return new MessageView(List.copyOf(lines), heartbeats, visible, heartbeatsShown,
                dropped);
    }

    /** A pair of nodes, lower id first: a heartbeat and its answer count on one link. */
    static String link(int a, int b) {
        return Math.min(a, b) + "↔" + Math.max(a, b);
    }
}
