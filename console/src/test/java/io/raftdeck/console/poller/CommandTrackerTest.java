package io.raftdeck.console.poller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.TimelineEvent;
import io.raftdeck.console.testing.NodeStates;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTrackerTest {

    private static final Instant SENT = Instant.parse("2025-01-01T12:00:00Z");

    @Test
    void reportsOnceEveryAnsweringNodeCommittedTheIndex() {
        // Proves the event waits for the slowest answering node and then reports the latency.
        CommandTracker tracker = new CommandTracker();
        tracker.expect(7, "'hello'", SENT);
        List<NodeView> lagging = List.of(NodeStates.leader(2).commit(7).view(1),
                NodeStates.follower(2).commit(6).view(2),
                NodeView.down(3, NodeStates.address(3)));
        assertEquals(List.of(), tracker.observe(lagging, SENT.plusMillis(10)));
        List<NodeView> caughtUp = List.of(NodeStates.leader(2).commit(7).view(1),
                NodeStates.follower(2).commit(7).view(2),
                NodeView.down(3, NodeStates.address(3)));
        List<TimelineEvent> events = tracker.observe(caughtUp, SENT.plusMillis(42));
        assertEquals(List.of("'hello' (index 7) is committed on all 2 answering nodes,"
                + " 42 ms after sending"), events.stream().map(TimelineEvent::text).toList());
        assertEquals(List.of(), tracker.observe(caughtUp, SENT.plusMillis(50)));
    }

    @Test
    void followsAtMostItsCapacity() {
        // Proves the tracker is bounded: the oldest pending commands are forgotten.
        CommandTracker tracker = new CommandTracker();
        for (int index = 1; index <= CommandTracker.CAPACITY + 10; index++) {
            tracker.expect(index, "c" + index, SENT);
        }
        List<NodeView> all = List.of(NodeStates.leader(1).commit(1000).view(1));
        assertEquals(CommandTracker.CAPACITY, tracker.observe(all, SENT).size());
    }
}
