package io.raftdeck.console.poller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.console.model.EventKind;
import io.raftdeck.console.model.MessageLine;
import io.raftdeck.proto.v1.NodeEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where each of a node's events goes: the timeline, the message view, or neither. */
class NodeEventTranslationTest {

    private static final Instant NOW = Instant.ofEpochMilli(1_000);

    private static NodeEvent event(String kind, String text, Map<String, String> fields) {
        return NodeEvent.newBuilder().setNodeId(2).setTerm(5).setKind(kind).setText(text)
                .putAllFields(fields).build();
    }

    @Test
    void theLeadersCommitsAndTheTimersThatFireGoToTheTimelineNotTheRest() {
        NodeEventTranslation translation = new NodeEventTranslation();
        assertEquals(EventKind.COMMIT, translation.timeline(event("commit",
                "leader 2 commit 9 (acks 1,2)", Map.of("acks", "1,2")), NOW).orElseThrow()
                .kind());
        assertTrue(translation.timeline(event("commit", "node 2 commit 9 (was 8, from leader 1)",
                Map.of("acks", "")), NOW).isEmpty(), "a follower's commit");
        assertEquals(EventKind.TIMER, translation.timeline(event("timer",
                "node 2 election timer fired after 12 ticks in term 5: starts an election for"
                        + " term 6", Map.of()), NOW).orElseThrow().kind());
        assertTrue(translation.timeline(event("timer", "node 2 election timer reset by append"
                + " from leader 1 in term 5", Map.of()), NOW).isEmpty());
        assertTrue(translation.timeline(event("append", "node 2 accepted heartbeat from leader"
                + " 1 at prev 9/5: match 9, commit 9", Map.of()), NOW).isEmpty());
        assertTrue(translation.timeline(event("client", "node 2 answered write: ok",
                Map.of()), NOW).isEmpty());
    }

    @Test
    void aNodeThatKeepsTimingOutInOneTermShowsItsFirstFiringOnly() {
        NodeEventTranslation translation = new NodeEventTranslation();
        NodeEvent fired = event("timer", "node 2 election timer fired after 17 ticks in term 5:"
                + " starts a pre-vote for term 6", Map.of());
        assertTrue(translation.timeline(fired, NOW).isPresent());
        assertTrue(translation.timeline(fired, NOW).isEmpty(), "the same term again");
        assertTrue(translation.timeline(fired.toBuilder().setTerm(6).build(), NOW).isPresent(),
                "a new term");
    }

    @Test
    void aRefusedVoteIsWordedWithTheReasonItsNodeGaveJustBefore() {
        NodeEventTranslation translation = new NodeEventTranslation();
        translation.timeline(event("vote", "node 2 refused vote of node 5 in term 5: already"
                + " voted for 3 in term 5", Map.of("candidate", "5")), NOW);
        MessageLine line = translation.message(event("send", "2→5 VoteReply t5 rejected",
                Map.of("from", "2", "to", "5", "type", "VoteResponse", "granted", "false",
                        "preVote", "false", "brief", "2→5 vote refused t5")), NOW)
                .orElseThrow();
        assertEquals("2→5 vote refused: already voted for 3 in term 5", line.text());
        assertEquals(2, line.from());
        assertEquals(5, line.to());
    }

    @Test
    void answersThatMoveNothingFoldLikeHeartbeats() {
        NodeEventTranslation translation = new NodeEventTranslation();
        Map<String, String> answer = Map.of("from", "2", "to", "1", "type", "AppendResponse",
                "success", "true", "match", "9", "brief", "2→1 ok match 9");
        assertFalse(translation.message(event("send", "", answer), NOW).orElseThrow()
                .heartbeat(), "the first answer at 9 moved the match");
        assertTrue(translation.message(event("send", "", answer), NOW).orElseThrow()
                .heartbeat());
        assertTrue(translation.message(event("receive", "", answer), NOW).isEmpty(),
                "only sent messages are drawn, once");
    }
}
