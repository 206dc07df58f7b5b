package io.raftdeck.console.poller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.console.model.EventKind;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.Role;
import io.raftdeck.console.model.TimelineEvent;
import io.raftdeck.console.testing.NodeStates;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDeriverTest {

    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    private final EventDeriver deriver = new EventDeriver();

    private List<String> observe(long atMs, NodeView... nodes) {
        return deriver.observe(List.of(nodes), T0.plusMillis(atMs)).stream()
                .map(TimelineEvent::text).toList();
    }

    private static NodeView follower(int id, long term, int votedFor) {
        return NodeStates.follower(term).votedFor(votedFor).view(id);
    }

    private static NodeView down(int id) {
        return NodeView.down(id, NodeStates.address(id));
    }

    @Test
    void killedLeaderThenElectionThenNewLeaderWithLeaderlessTime() {
        // Proves the timeline tells the story of a failover, with how long it had no leader.
        assertEquals(List.of("node 1 is leader for term 1"), observe(0,
                NodeStates.leader(1).votedFor(1).view(1), follower(2, 1, 1),
                follower(3, 1, 1), follower(4, 1, 1), follower(5, 1, 1)));
        assertEquals(List.of("node 1 is down",
                        "leader 1 (term 1) is down; no leader now"),
                observe(100, down(1), follower(2, 1, 1), follower(3, 1, 1),
                        follower(4, 1, 1), follower(5, 1, 1)));
        // Elections and votes are the nodes' own events now (EventStreams), with reasons.
        assertEquals(List.of(), observe(300, down(1),
                NodeStates.candidate(2).votedFor(2).view(2), follower(3, 1, 1),
                follower(4, 1, 1), follower(5, 1, 1)));
        assertEquals(List.of(),
                observe(400, down(1), NodeStates.candidate(2).votedFor(2).view(2),
                        follower(3, 2, 2), follower(4, 2, 2), follower(5, 1, 1)));
        assertEquals(List.of("node 2 is leader for term 2 after 350 ms without a leader"),
                observe(400 + 50, down(1), NodeStates.leader(2).votedFor(2).view(2),
                        follower(3, 2, 2), follower(4, 2, 2), follower(5, 2, 0)));
    }

    @Test
    void leaderThatStopsOnAFailureIsNamedWithTheReason() {
        // Proves a node that turns STOPPED gets one event with its reason, and a leader that
        // does is reported as gone, not as overtaken by a newer term.
        String reason = "storage failure: WAL write failed";
        observe(0, NodeStates.leader(4).votedFor(1).view(1), follower(2, 4, 1),
                follower(3, 4, 1));
        assertEquals(List.of("node 1 stopped: " + reason,
                        "leader 1 (term 4) stopped; no leader now"),
                observe(100, NodeStates.stopped(4, reason).votedFor(1).view(1),
                        follower(2, 4, 1), follower(3, 4, 1)));
        assertEquals(List.of(), observe(200, NodeStates.stopped(4, reason).votedFor(1).view(1),
                follower(2, 4, 1), follower(3, 4, 1)));
    }

    @Test
    void aNodeRefusedForLostDataIsToldOnce() {
        // Proves a node that its peers start refusing (it came back on an emptied data dir)
        // gets one event saying who refuses it and why it matters, not one per poll.
        observe(0, NodeStates.leader(4).votedFor(1).view(1), follower(2, 4, 1),
                follower(3, 0, 0));
        String told = "node 3 is refused by node(s) [1, 2]: it came back without its data"
                + " (emptied or replaced data dir), so its votes and acknowledgements do not"
                + " count";
        assertEquals(List.of(told), observe(100, NodeStates.leader(4).votedFor(1).view(1),
                follower(2, 4, 1), NodeStates.follower(0).refusedBy(1, 2).view(3)));
        assertEquals(List.of(), observe(200, NodeStates.leader(4).votedFor(1).view(1),
                follower(2, 4, 1), NodeStates.follower(0).refusedBy(1, 2).view(3)));
    }

    @Test
    void firstLeaderAtStartupCountsFromTheFirstAnswer() {
        // Proves the leaderless time at start-up runs from the first snapshot in which some
        // node answered without a leader, not from the dashboard's own start.
        NodeView waiting = NodeView.waiting(2, NodeStates.address(2));
        assertEquals(List.of(), observe(0, NodeView.waiting(1, NodeStates.address(1)), waiting));
        assertEquals(List.of(), observe(100, follower(1, 0, 0), follower(2, 0, 0)));
        List<String> events = observe(800, NodeStates.leader(1).votedFor(1).view(1),
                follower(2, 1, 1));
        assertEquals("node 1 is leader for term 1 after 700 ms without a leader",
                events.get(events.size() - 1));
    }

    @Test
    void attachingToALedClusterReportsNoOutage() {
        // Proves a leader present in the first answers is reported without a leaderless time.
        observe(0, NodeView.waiting(1, NodeStates.address(1)));
        assertEquals(List.of("node 1 is leader for term 5"),
                observe(400, NodeStates.leader(5).view(1)));
    }

    @Test
    void nodeThatStopsAnsweringAndComesBack() {
        // Proves UNREACHABLE and recovery each produce one node event, with the reason.
        NodeView leader = NodeStates.leader(2).view(1);
        observe(0, leader, follower(2, 2, 1));
        assertEquals(List.of("node 2 stopped answering: UNAVAILABLE: io exception"),
                observe(100, leader, NodeView.unreachable(2, NodeStates.address(2),
                        "UNAVAILABLE: io exception")));
        assertEquals(List.of(), observe(200, leader,
                NodeView.unreachable(2, NodeStates.address(2), "DEADLINE_EXCEEDED")));
        assertEquals(List.of("node 2 is back: follower in term 2"),
                observe(300, leader, follower(2, 2, 1)));
    }

    @Test
    void isolationSplitsTheNetworkAndHealingJoinsIt() {
        // Proves cut links show as a split into groups, and removing them as a heal.
        NodeView leader = NodeStates.leader(1).view(1);
        observe(0, leader, follower(2, 1, 1), follower(3, 1, 1));
        List<NodeView> isolated = List.of(NodeStates.leader(1).cut(3).view(1),
                NodeStates.follower(1).votedFor(1).cut(3).view(2),
                NodeStates.follower(1).votedFor(1).cut(1, 2).members(1, 2, 3).view(3));
        assertEquals(List.of(), deriver.observe(isolated, T0.plusMillis(100)));
        List<TimelineEvent> split = deriver.observe(isolated, T0.plusMillis(200));
        assertEquals(1, split.size());
        assertEquals("network split: {1,2} | {3}", split.get(0).text());
        assertEquals(EventKind.NETWORK, split.get(0).kind());
        assertEquals(List.of(), observe(300, leader, follower(2, 1, 1), follower(3, 1, 1)));
        assertEquals(List.of("network healed: all links up"),
                observe(400, leader, follower(2, 1, 1), follower(3, 1, 1)));
    }

    @Test
    void halfAppliedLinkChangesAreNotReported() {
        // Proves a cut seen on one node only for a single poll (SetLinks still on its way to
        // the others) does not become a timeline event of its own.
        observe(0, NodeStates.leader(1).view(1), follower(2, 1, 1), follower(3, 1, 1));
        observe(100, NodeStates.leader(1).cut(3).view(1), follower(2, 1, 1),
                follower(3, 1, 1));
        NodeView[] isolated = {NodeStates.leader(1).cut(3).view(1),
                NodeStates.follower(1).votedFor(1).cut(3).view(2),
                NodeStates.follower(1).votedFor(1).cut(1, 2).members(1, 2, 3).view(3)};
        assertEquals(List.of(), observe(200, isolated));
        assertEquals(List.of("network split: {1,2} | {3}"), observe(300, isolated));
    }

    @Test
    void isolatedLeaderNoLongerCountsAsTheLeader() {
        // Proves a leader cut off from everyone leaves the cluster leaderless on the timeline.
        observe(0, NodeStates.leader(1).view(1), follower(2, 1, 1), follower(3, 1, 1));
        List<String> events = observe(100,
                NodeStates.leader(1).cut(2, 3).members(1, 2, 3).view(1),
                NodeStates.follower(1).cut(1).view(2), NodeStates.follower(1).cut(1).view(3));
        assertEquals(List.of("leader 1 (term 1) is isolated; no leader now"), events);
    }

    @Test
    void leaderChangeBetweenTwoPollsSaysWhoTookOver() {
        // Proves a handover seen in one step (e.g. a transfer) names the previous leader.
        observe(0, NodeStates.leader(1).view(1), follower(2, 1, 1));
        assertEquals(List.of("node 2 is leader for term 2, taking over from node 1"),
                observe(100, follower(1, 2, 2), NodeStates.leader(2).votedFor(2).view(2)));
    }

    @Test
    void whatTheNodesTellIsNotDerivedAgain() {
        // Proves a pre-vote round and a check-quorum step-down, which the nodes report with
        // their reasons, are not guessed from status as well.
        observe(0, NodeStates.leader(3).view(1), follower(2, 3, 1));
        assertEquals(List.of(), observe(100, NodeStates.leader(3).view(1),
                NodeStates.follower(3).role(Role.PRE_CANDIDATE).view(2)));
        observe(200, NodeStates.leader(3).votedFor(1).view(1), follower(2, 3, 1));
        List<String> events = observe(300, follower(1, 3, 1), follower(2, 3, 1));
        assertTrue(events.stream().noneMatch(event -> event.contains("stepped down")),
                events.toString());
    }

    @Test
    void snapshotIndexMovesAreToldApartAsInstallOrCompaction() {
        // Proves a snapshot the node took of its own state is reported, and one it installed
        // from the leader (which the node reports itself) is not, however far it applied.
        observe(0, NodeStates.follower(2).applied(10).snapshot(0).view(1));
        assertEquals(List.of(), observe(100, NodeStates.follower(2).applied(500)
                .installedSnapshot(500, 1).view(1)));
        assertEquals(List.of("node 1 compacted its log into a snapshot up to index 600"),
                observe(200, NodeStates.follower(2).applied(700).installedSnapshot(600, 1)
                        .view(1)));
    }
}
