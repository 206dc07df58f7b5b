package io.raftdeck.core.events;

import java.util.List;

/**
 * The commit index moved from {@code fromIndex} to {@code toIndex}. On the leader,
 * {@code acks} are the members (itself included, once its copy is durable) whose log holds
 * {@code toIndex}: the quorum that made it committed (Raft §5.3, §5.4.2). On a follower,
 * {@code leader} told it so and {@code acks} is empty.
 */
public record CommitAdvanced(long fromIndex, long toIndex, long term, int leader,
                             List<Integer> acks) implements RaftEvent {

    public CommitAdvanced {
        acks = List.copyOf(acks);
    }

    @Override
    public String kind() {
        return "commit";
    }

    @Override
    public String describe(int node) {
        if (acks.isEmpty()) {
            return "node " + node + " commit " + toIndex + " (was " + fromIndex
                    + ", from leader " + leader + ")";
        }
        StringBuilder ids = new StringBuilder();
        for (int ack : acks) {
            ids.append(ids.length() == 0 ? "" : ",").append(ack);
        }
        return "leader " + node + " commit " + toIndex + " (acks " + ids + ")";
    }
}
