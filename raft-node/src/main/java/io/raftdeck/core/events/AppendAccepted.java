package io.raftdeck.core.events;

/**
 * A follower took {@code leader}'s append: its log matched at prev and now matches up to
 * {@code matchIndex}; {@code entries} 0 is a heartbeat.
 */
public record AppendAccepted(int leader, long term, long prevIndex, long prevTerm, int entries,
                             long matchIndex, long commitIndex) implements RaftEvent {

    @Override
    public String kind() {
        return "append";
    }

    @Override
    public String describe(int node) {
        return "node " + node + " accepted " + (entries == 0 ? "heartbeat"
                : entries + " entries") + " from leader " + leader + " at prev " + prevIndex
                + "/" + prevTerm + ": match " + matchIndex + ", commit " + commitIndex;
    }
}
