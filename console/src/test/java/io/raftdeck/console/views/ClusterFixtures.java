package io.raftdeck.console.views;

import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.CommandInput;
import io.raftdeck.console.model.EventKind;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.ReplicationProgress;
import io.raftdeck.console.model.TimelineEvent;
import io.raftdeck.console.testing.NodeStates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One fixed cluster for the view tests: node 1 leads term 3; node 2 follows with the same
 * log; node 3 was killed; node 4 does not answer; node 5 is isolated with a shorter log.
 */
final class ClusterFixtures {

    static final Instant START = Instant.parse("2025-01-01T12:00:00Z");

    private ClusterFixtures() {
    }

    static List<NodeView> nodes() {
        return List.of(
                NodeStates.leader(3).votedFor(1).leaderId(1).log(1, 1, 2, 3, 3, 3).commit(5)
                        .peers(new ReplicationProgress(2, 6, 7, 12),
                                new ReplicationProgress(3, 4, 5, 900),
                                new ReplicationProgress(4, 2, 3, 950),
                                new ReplicationProgress(5, 3, 4, 980))
                        .view(1),
                NodeStates.follower(3).votedFor(1).leaderId(1).log(1, 1, 2, 3, 3, 3).commit(5)
                        .timer(120, 240).view(2),
                NodeView.down(3, NodeStates.address(3)),
                NodeView.unreachable(4, NodeStates.address(4), "DEADLINE_EXCEEDED"),
                NodeStates.candidate(7).votedFor(5).log(1, 1, 2).commit(3).cut(1, 2, 3, 4)
                        .view(5));
    }

    static List<TimelineEvent> events(int count) {
        List<TimelineEvent> events = new ArrayList<>();
        for (int number = 1; number <= count; number++) {
            events.add(new TimelineEvent(START.plusMillis(number * 10L),
                    "event number " + number, EventKind.LEADER));
        }
        return events;
    }

    static ClusterView view() {
        return new ClusterView(nodes(), events(3), 0, CommandInput.CLOSED, null, false, true);
    }

    static ClusterView withEvents(int count) {
        return new ClusterView(nodes(), events(count), 0, CommandInput.CLOSED, null, false, true);
    }

    static ClusterView withHelp() {
        return new ClusterView(nodes(), events(3), 0, CommandInput.CLOSED, null, true, true);
    }

    static ClusterView withInput(String text) {
        return new ClusterView(nodes(), events(3), 1, CommandInput.opened(text), null, false,
                true);
    }

    static ClusterView withOutcome(ActionOutcome outcome) {
        return new ClusterView(nodes(), events(3), 0, CommandInput.CLOSED, outcome, false, true);
    }
}
