package io.raftdeck.sim;

import io.raftdeck.core.Message;
import io.raftdeck.core.Message.AppendResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Watches the messages of a simulation (see {@link SimCluster#interceptSends}) and counts, per
 * follower, the AppendEntries it rejected before its first success: the round trips a leader
 * needed to find where that follower's log matches its own. Rejections after the first
 * success (a pipelined append overtaken by a later one) are counted apart.
 */
final class BacktrackingCounter implements UnaryOperator<Message> {

    private final Map<Integer, Integer> beforeMatch = new TreeMap<>();
    private final Map<Integer, Integer> afterMatch = new TreeMap<>();
    private final Set<Integer> matched = new TreeSet<>();

    @Override
    public Message apply(Message message) {
        if (message instanceof AppendResponse response) {
            int follower = response.from();
            if (response.success()) {
                matched.add(follower);
            } else if (response.conflictIndex() > 0) {
                // conflictIndex 0 marks a stale-term refusal, not a log inconsistency.
                (matched.contains(follower) ? afterMatch : beforeMatch)
                        .merge(follower, 1, Integer::sum);
            }
        }
        return message;
    }

    int rejectionsBeforeMatch(int follower) {
        return beforeMatch.getOrDefault(follower, 0);
    }

    @Override
    public String toString() {
        return "rejections before the first match " + beforeMatch + ", after it " + afterMatch;
    }
}
