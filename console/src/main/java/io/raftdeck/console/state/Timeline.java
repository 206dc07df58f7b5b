package io.raftdeck.console.state;

import io.raftdeck.console.model.TimelineEvent;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;

/**
 * The newest timeline events, oldest first, bounded so that a long session (or a burst of
 * events) cannot grow memory: the oldest events fall off. Not thread-safe; its owner locks.
 */
final class Timeline {

    private final int capacity;
    private final ArrayDeque<TimelineEvent> events;

    Timeline(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("timeline capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(capacity);
    }

    void addAll(Collection<TimelineEvent> newEvents) {
        for (TimelineEvent event : newEvents) {
            if (events.size() == capacity) {
                events.removeFirst();
            }
            events.addLast(event);
        }
    }

    List<TimelineEvent> snapshot() {
        return List.copyOf(events);
    }
}
