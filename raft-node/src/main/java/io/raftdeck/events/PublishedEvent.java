package io.raftdeck.events;

import io.raftdeck.core.events.RaftEvent;

/**
 * One event as a node's subscribers receive it: the node, its sequence number (one more for
 * each event published while anyone listens, so a gap a subscriber sees is what it lost; 0 on
 * a drop marker), the node's wall time and its tick and term when it happened.
 */
public record PublishedEvent(int node, long sequence, long wallTimeMillis, long tick, long term,
                             RaftEvent event) {

    /** The one line every view prints. */
    public String line() {
        return event.describe(node);
    }
}
