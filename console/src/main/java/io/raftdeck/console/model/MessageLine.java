package io.raftdeck.console.model;

import java.time.Instant;

/**
 * One message a node sent, as the message view draws it: between the lanes of {@code from} and
 * {@code to}, with the node's one-line wording (a refusal with its reason). {@code heartbeat}:
 * an append without entries or an answer that moved nothing, which the view folds into counts.
 * {@code times}: how often it was sent in a row (a leader retrying a follower that is down).
 */
public record MessageLine(Instant time, int from, int to, String text, boolean heartbeat,
                          int times) {

    public MessageLine(Instant time, int from, int to, String text, boolean heartbeat) {
        this(time, from, to, text, heartbeat, 1);
    }

    /** The same message once more, as of {@code now}. */
    public MessageLine again(Instant now) {
        return new MessageLine(now, from, to, text, heartbeat, times + 1);
    }

    /** Whether {@code other} says the same on the same link. */
    public boolean repeats(MessageLine other) {
        return from == other.from && to == other.to && text.equals(other.text);
    }
}
