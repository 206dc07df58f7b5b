package io.raftdeck.core.events;

/**
 * A leader sent follower {@code peer} its snapshot (the follower needs entries compacted
 * away), or this follower installed the one {@code peer} sent, in place of its log (Raft §7).
 */
public record SnapshotEvent(boolean sent, int peer, long index, long term, int bytes)
        implements RaftEvent {

    @Override
    public String kind() {
        return "snapshot";
    }

    @Override
    public String describe(int node) {
        String at = " snapshot at " + MessageText.position(index, term) + " (" + bytes
                + " bytes)";
        return sent ? "leader " + node + " sent node " + peer + at
                + ": it needs entries compacted away"
                : "node " + node + " installed leader " + peer + "'s" + at;
    }
}
