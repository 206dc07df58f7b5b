package io.raftdeck.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.console.testing.Await;
import io.raftdeck.console.testing.DashboardThread;
import io.raftdeck.console.testing.FakeNode;
import io.raftdeck.console.testing.WatchedTerminal;
import io.raftdeck.proto.v1.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The nodes' own events on the dashboard, streamed over gRPC (WatchEvents) by stand-in nodes
 * that word them as real ones do: the timeline says why, and the message view ({@code m})
 * draws the messages between lanes, heartbeats folded into counts until {@code H}.
 */
class NodeEventsOnScreenTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final DashboardSettings FAST = new DashboardSettings(50, 300, 2000, 20);

    private final List<FakeNode> nodes = new ArrayList<>();
    private DashboardThread ui;

    @AfterEach
    void stop() throws Exception {
        if (ui != null) {
            ui.close();
        }
        for (FakeNode node : nodes) {
            node.close();
        }
    }

    private WatchedTerminal start(int columns, int rows) {
        for (int id = 1; id <= 5; id++) {
            nodes.add(FakeNode.start(id, FakeNode.status(id == 4 ? Role.ROLE_LEADER
                    : Role.ROLE_FOLLOWER, 7, 4)));
        }
        List<NodeTarget> targets = nodes.stream().map(FakeNode::target).toList();
        WatchedTerminal terminal = new WatchedTerminal(columns, rows);
        ui = new DashboardThread(targets, ChaosMode.unavailable(), terminal, FAST);
        Await.until(BOUND, () -> nodes.stream().allMatch(FakeNode::watched),
                "every node watched");
        return terminal;
    }

    private FakeNode node(int id) {
        return nodes.get(id - 1);
    }

    private void send(int from, int to, String type, String brief, Map<String, String> more) {
        Map<String, String> fields = new java.util.HashMap<>(Map.of("from", "" + from,
                "to", "" + to, "type", type, "brief", brief));
        fields.putAll(more);
        node(from).emit("send", brief, fields);
    }

    private void story() {
        node(2).emit("vote", "node 2 refused vote of node 5 in term 7: already voted for 3"
                + " in term 7", Map.of("candidate", "5", "reason", "already_voted"));
        send(2, 5, "VoteResponse", "2→5 vote refused t7", Map.of("granted", "false",
                "preVote", "false"));
        node(4).emit("commit", "leader 4 commit 12 (acks 1,2,4)", Map.of("acks", "1,2,4"));
        send(4, 1, "AppendRequest", "4→1 Append t7 prev 10/7 +2 commit 10",
                Map.of("heartbeat", "false", "entries", "2"));
        send(1, 4, "AppendResponse", "1→4 ok match 12", Map.of("success", "true",
                "match", "12"));
        for (int beat = 0; beat < 3; beat++) {
            send(4, 1, "AppendRequest", "4→1 Append t7 prev 12/7 commit 12",
                    Map.of("heartbeat", "true", "entries", "0"));
            send(1, 4, "AppendResponse", "1→4 ok match 12", Map.of("success", "true",
                    "match", "12"));
        }
    }

    @Test
    void timelineSaysWhyAndTheMessageViewFoldsHeartbeatsAt80x24() throws Exception {
        WatchedTerminal terminal = start(80, 24);
        story();
        // At 80 columns the timeline clips its lines; the reason's start still shows.
        terminal.awaitScreen(BOUND, text -> text.contains("vote     node 2 refused vote of"
                + " node 5 in term 7: already voted") && text.contains(
                "commit   leader 4 commit 12 (acks 1,2,4)"), "the reasons on the timeline");

        terminal.type("m");
        String folded = terminal.awaitScreen(BOUND, text -> text.contains("heartbeats: 1↔4 ×6")
                && text.contains("2→5 vote refused: already voted for 3 in term 7"),
                "the message view with the heartbeats folded");
        // Three heartbeats and the three answers that moved nothing; the first answer matched
        // the two new entries, so it is listed.
        assertTrue(folded.contains("◀───────────●   │  4→1 Append t7 prev 10/7 +2"), folded);
        assertTrue(folded.contains("●───────────▶   │  1→4 ok match 12"), folded);
        assertTrue(folded.contains("4→1 Append t7 prev 10/7 +2 commit 10"), folded);
        assertFalse(folded.contains("prev 12/7 commit 12"), "a heartbeat listed: " + folded);
        assertTrue(folded.contains("m msg"), "the key bar names m: " + folded);

        for (int retry = 0; retry < 3; retry++) {
            send(4, 3, "AppendRequest", "4→3 Append t7 prev 9/7 +3 commit 12",
                    Map.of("heartbeat", "false", "entries", "3"));
        }
        terminal.awaitScreen(BOUND, text -> text.contains("4→3 Append t7 prev 9/7 +3 commit 12"
                + "  ×3"), "a message sent three times in a row on one line");

        terminal.type("H");
        story();
        terminal.awaitScreen(BOUND, text -> text.contains("4→1 Append t7 prev 12/7 commit 12"),
                "heartbeats listed after H");
        terminal.type("m");
        terminal.awaitScreen(BOUND, text -> text.contains("-- timeline"), "back to the timeline");
        terminal.type("q");
        assertTrue(ui.awaitExit(BOUND), "the dashboard did not stop");
        assertNull(ui.failure());
    }

    @Test
    void theMessageViewDrawsALanePerNodeAt140x45() throws Exception {
        WatchedTerminal terminal = start(140, 45);
        story();
        terminal.type("m");
        String screen = terminal.awaitScreen(BOUND, text -> text.contains(
                "2→5 vote refused: already voted for 3 in term 7"), "the message view");
        assertTrue(screen.contains(" 1   2   3   4   5"), screen);
        assertTrue(screen.contains(" │   ●───────────▶  2→5 vote refused"), screen);
        terminal.type("q");
        assertTrue(ui.awaitExit(BOUND), "the dashboard did not stop");
        assertNull(ui.failure());
    }
}
