package io.raftdeck.console.state;

import io.raftdeck.console.model.MessageLine;
import io.raftdeck.console.model.MessageView;
import java.util.ArrayDeque;
import java.util.Iterator;
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

    /** How far back a repeat is looked for: a few rounds of a nine-node cluster's messages. */
    static final int REPEAT_WINDOW = 16;

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
        // A message sent again and again (appends to a follower that is down, pre-votes of a
        // node cut off) is one line with a count, moved to the bottom each time, so it does
        // not push everything else off the view.
        MessageLine earlier = takeRecentRepeat(line);
        if (earlier != null) {
            lines.addLast(earlier.again(line.time()));
            return;
        }
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    /** The same message among the newest {@link #REPEAT_WINDOW} lines, taken out, or null. */
    private MessageLine takeRecentRepeat(MessageLine line) {
        Iterator<MessageLine> newestFirst = lines.descendingIterator();
        for (int seen = 0; seen < REPEAT_WINDOW && newestFirst.hasNext(); seen++) {
            MessageLine candidate = newestFirst.next();
            if (candidate.repeats(line)) {
                newestFirst.remove();
                return candidate;
            }
        }
        return null;
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
