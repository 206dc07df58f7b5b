package io.raftdeck.core;

/**
 * A leader's view of one follower, for status. {@code ticksSinceContact} counts ticks since the
 * leader last heard from the follower.
 */
public record PeerProgress(int id, long matchIndex, long nextIndex, long ticksSinceContact) {
}
