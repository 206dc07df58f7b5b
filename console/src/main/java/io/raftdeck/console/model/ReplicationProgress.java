package io.raftdeck.console.model;

/** The leader's view of one follower: what it holds (match) and what it is sent next. */
public record ReplicationProgress(int id, long matchIndex, long nextIndex, long lastContactMs) {
}
