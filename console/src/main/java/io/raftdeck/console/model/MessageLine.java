package io.raftdeck.console.model;

import java.time.Instant;

/**
 * One message a node sent, as the message view draws it: between the lanes of {@code from} and
 * {@code to}, with the node's one-line wording (a refusal with its reason). {@code heartbeat}:
 * an append without entries or an answer that moved nothing, which the view folds into counts.
 */
public record MessageLine(Instant time, int from, int to, String text, boolean heartbeat) {
}
