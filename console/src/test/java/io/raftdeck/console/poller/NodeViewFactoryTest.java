package io.raftdeck.console.poller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.raftdeck.console.NodeTarget;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.Reachability;
import io.raftdeck.console.model.Role;
import io.raftdeck.console.state.LifecycleMark;
import io.raftdeck.proto.v1.NodeStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeViewFactoryTest {

    private static final NodeTarget TARGET = new NodeTarget(3, "127.0.0.1", 5003);
    private static final NodeStatus ANSWER = NodeStatus.newBuilder().setId(3)
            .setRole(io.raftdeck.proto.v1.Role.ROLE_LEADER).setTerm(9).setCommitIndex(40)
            .addAllMembers(List.of(1, 2, 3)).build();

    @Test
    void killedNodeIsDownEvenWithAnEarlierAnswerAtHand() {
        // Proves a node killed from the dashboard never shows its last (stale) numbers.
        PollResult answered = PollResult.answered(ANSWER, 100);
        NodeView view = NodeViewFactory.toView(TARGET, 3, answered,
                new LifecycleMark(true, 200), List.of(1, 2));
        assertEquals(Reachability.DOWN, view.reachability());
        assertNull(view.state());
    }

    @Test
    void answerSentBeforeARestartIsIgnored() {
        // Proves an answer from before the restart is not shown as the new life's status.
        NodeView view = NodeViewFactory.toView(TARGET, 3, PollResult.answered(ANSWER, 100),
                new LifecycleMark(false, 200), List.of(1, 2));
        assertEquals(Reachability.WAITING, view.reachability());
        NodeView later = NodeViewFactory.toView(TARGET, 3, PollResult.answered(ANSWER, 300),
                new LifecycleMark(false, 200), List.of(1, 2));
        assertEquals(Role.LEADER, later.state().role());
        assertEquals(9, later.state().term());
    }

    @Test
    void failedPollIsUnreachableWithItsReason() {
        // Proves a failed status request shows as UNREACHABLE, carrying the gRPC reason.
        NodeView view = NodeViewFactory.toView(TARGET, 3,
                PollResult.failed("DEADLINE_EXCEEDED", 100), LifecycleMark.NONE, List.of(1, 2));
        assertEquals(Reachability.UNREACHABLE, view.reachability());
        assertEquals("DEADLINE_EXCEEDED", view.problem());
    }

    @Test
    void allLinksCutMeansIsolated() {
        // Proves a node that cuts every other member is ISOLATED, one that cuts some is UP.
        NodeStatus isolated = ANSWER.toBuilder().addAllCutLinks(List.of(2, 1)).build();
        assertEquals(Reachability.ISOLATED, NodeViewFactory.toView(TARGET, 3,
                PollResult.answered(isolated, 1), LifecycleMark.NONE, List.of(1, 2))
                .reachability());
        NodeStatus partial = ANSWER.toBuilder().addCutLinks(1).build();
        assertEquals(Reachability.UP, NodeViewFactory.toView(TARGET, 3,
                PollResult.answered(partial, 1), LifecycleMark.NONE, List.of(1, 2))
                .reachability());
    }
}
