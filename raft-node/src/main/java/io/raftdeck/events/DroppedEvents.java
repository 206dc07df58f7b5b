package io.raftdeck.events;

import io.raftdeck.core.events.RaftEvent;

/**
 * The marker a subscriber gets in place of {@code count} events it lost because it did not
 * read fast enough: its queue was full, and the node never waits for a subscriber.
 */
public record DroppedEvents(long count) implements RaftEvent {

    @Override
    public String kind() {
        return "dropped";
    }

    @Override
    public String describe(int node) {
        return count + " events of node " + node + " dropped (the subscriber fell behind)";
    }
}
