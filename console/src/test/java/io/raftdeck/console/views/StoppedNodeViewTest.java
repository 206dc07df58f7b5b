package io.raftdeck.console.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.CommandInput;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.Role;
import io.raftdeck.console.testing.NodeStates;
import io.raftdeck.console.testing.ScreenCapture;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A node that stopped on a failure, as the dashboard draws it on a virtual terminal. */
class StoppedNodeViewTest {

    private static final String REASON = "storage failure: data dir /data/node-2 was deleted";

    /** Node 1 leads term 4; node 2 stopped at commit 5; node 3 follows. */
    private static ClusterView view() {
        List<NodeView> nodes = List.of(
                NodeStates.leader(4).votedFor(1).leaderId(1).log(1, 2, 4, 4, 4, 4, 4).commit(7)
                        .view(1),
                NodeStates.stopped(3, REASON).votedFor(2).leaderId(2).log(1, 2, 3, 3, 3)
                        .commit(5).view(2),
                NodeStates.follower(4).votedFor(1).leaderId(1).log(1, 2, 4, 4, 4, 4, 4)
                        .commit(7).timer(100, 200).view(3));
        return new ClusterView(nodes, ClusterFixtures.events(1), 0, CommandInput.CLOSED, null,
                false, true);
    }

    @Test
    void stoppedRowSaysStoppedWithItsLastNumbersAndWhy() {
        // Proves a stopped node's row names the role STOPPED, keeps the numbers it stopped at
        // and shows the reason where a running node's election timer would be.
        ScreenCapture screen = ScreenCapture.render(view(), 140, 30);
        String row = screen.line(3);
        assertTrue(row.matches("\\s+2 127\\.0\\.0\\.1:5002\\s+ok\\s+STOPPED\\s+3\\s+2\\s+2"
                + "\\s+5\\s+5\\s+5\\s+" + Pattern.quote(REASON) + "\\s*"), row);
        int roleColumn = row.indexOf("STOPPED");
        assertEquals(Palette.role(Role.STOPPED), screen.at(roleColumn, 3).getForegroundColor());
        assertFalse(row.contains("["), "no election timer on a stopped node: " + row);
    }

    @Test
    void stoppedRowFitsEightyColumns() {
        // Proves that at 80 columns the reason is cut at the edge, never wrapped onto the next
        // row, which still shows node 3.
        ScreenCapture screen = ScreenCapture.render(view(), 80, 24);
        assertTrue(screen.line(3).contains("STOPPED") && screen.line(3).contains("storage"),
                screen.line(3));
        assertTrue(screen.line(4).matches("\\s+3 :5003\\s+ok\\s+follower.*"), screen.line(4));
    }

    @Test
    void aStoppedNodeIsNeverTheLeaderInTheTitle() {
        // Proves the title names the running leader, not a node that stopped while leading.
        List<NodeView> nodes = List.of(
                NodeStates.stopped(4, REASON).votedFor(1).leaderId(1).view(1),
                NodeStates.follower(4).votedFor(1).leaderId(1).view(2),
                NodeStates.follower(4).votedFor(1).leaderId(1).view(3));
        ClusterView view = new ClusterView(nodes, ClusterFixtures.events(1), 0,
                CommandInput.CLOSED, null, false, true);
        String title = ScreenCapture.render(view, 100, 24).line(0);
        assertFalse(title.contains("leader: node 1"), title);
    }

    @Test
    void aRefusedNodeSaysWhoRefusesItWhereItsTimerWouldBe() {
        // Proves a node its peers refuse (it lost its data) does not look like a healthy
        // follower: its timer's place names the refusing peers and why.
        List<NodeView> nodes = List.of(
                NodeStates.leader(4).votedFor(1).leaderId(1).view(1),
                NodeStates.follower(4).votedFor(1).leaderId(1).view(2),
                NodeStates.follower(0).refusedBy(1, 2).timer(100, 200).view(3));
        ClusterView view = new ClusterView(nodes, ClusterFixtures.events(1), 0,
                CommandInput.CLOSED, null, false, true);
        ScreenCapture screen = ScreenCapture.render(view, 140, 30);
        String row = screen.line(4);
        assertTrue(row.contains("refused by 1,2: its data dir was emptied or replaced"), row);
        assertFalse(row.contains("["), "no election timer on a refused node: " + row);
    }
}
