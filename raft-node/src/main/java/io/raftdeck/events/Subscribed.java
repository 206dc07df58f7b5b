package io.raftdeck.events;

import io.raftdeck.core.events.RaftEvent;

/**
 * The first event of every subscription, sent at once: the caller knows it is connected even
 * when the node has nothing to tell yet (an idle leader without messages asked for), and
 * from which of the node's sequence numbers on it will see events.
 */
public record Subscribed(long nextSequence, int subscribers) implements RaftEvent {

    @Override
    public String kind() {
        return "subscribed";
    }

    @Override
    public String describe(int node) {
        return "node " + node + " streams its events from sequence " + nextSequence + " ("
                + subscribers + " of at most " + EventHub.MAX_SUBSCRIBERS + " subscribers)";
    }
}
