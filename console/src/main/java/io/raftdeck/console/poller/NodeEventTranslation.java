package io.raftdeck.console.poller;

import io.raftdeck.console.model.EventKind;
import io.raftdeck.console.model.MessageLine;
import io.raftdeck.console.model.TimelineEvent;
import io.raftdeck.proto.v1.NodeEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where a node's event goes on the dashboard: the timeline gets what a person follows
 * (role changes, the timer firing, votes, rejected appends, the leader's commits, snapshots,
 * failed client requests, drops), each line as the node wrote it, with its reason; the message view gets the
 * messages it sent, a refused vote or append worded with the reason the node gave just before.
 * What would flood the timeline (each accepted append, each timer reset, each follower's
 * commit, each answered client request) is left to the message view. One per event stream: it remembers, per candidate or
 * leader, the last refusal's reason.
 */
final class NodeEventTranslation {

    private final Map<Integer, String> voteRefusals = new HashMap<>();
    private final Map<Integer, String> appendRejections = new HashMap<>();
    /** The last match index each peer acknowledged, to fold answers that move nothing. */
    private final Map<Integer, String> lastMatch = new HashMap<>();
    /** The term of the node's last election timer firing shown. */
    private long lastTimerFiredTerm = -1;

    /** The timeline's line for {@code event}, if it gets one. */
    Optional<TimelineEvent> timeline(NodeEvent event, Instant now) {
        String text = event.getText();
        EventKind kind = switch (event.getKind()) {
            case "role" -> event.getFieldsOrDefault("role", "").equals("leader")
                    ? EventKind.LEADER : EventKind.ELECTION;
            case "timer" -> timerFired(event) ? EventKind.TIMER : null;
            case "vote" -> {
                remember(event);
                yield EventKind.VOTE;
            }
            case "append" -> {
                remember(event);
                yield text.contains("rejected") ? EventKind.APPEND : null;
            }
            // The leader's commit names its quorum; each follower following it is no news.
            case "commit" -> event.getFieldsOrDefault("acks", "").isEmpty()
                    ? null : EventKind.COMMIT;
            case "snapshot" -> EventKind.SNAPSHOT;
            case "client" -> text.contains("answered") && !text.endsWith(": ok")
                    ? EventKind.CLIENT : null;
            case "dropped" -> EventKind.DROPPED;
            default -> null;
        };
        return kind == null ? Optional.empty() : Optional.of(new TimelineEvent(now, text, kind));
    }

    /**
     * Whether a timer event is a firing worth a line: a node cut off keeps timing out in the
     * same term every few hundred ms, so only its first firing in a term is shown.
     */
    private boolean timerFired(NodeEvent event) {
        if (!event.getText().contains("fired")) {
            return false;
        }
        boolean first = event.getTerm() != lastTimerFiredTerm;
        lastTimerFiredTerm = event.getTerm();
        return first;
    }

    /** The message view's line for a sent message, if {@code event} is one. */
    Optional<MessageLine> message(NodeEvent event, Instant now) {
        if (!event.getKind().equals("send")) {
            return Optional.empty();
        }
        int from = Integer.parseInt(event.getFieldsOrDefault("from", "0"));
        int to = Integer.parseInt(event.getFieldsOrDefault("to", "0"));
        String type = event.getFieldsOrDefault("type", "");
        String text = event.getFieldsOrDefault("brief", event.getText());
        boolean heartbeat = Boolean.parseBoolean(event.getFieldsOrDefault("heartbeat", "false"));
        if (type.equals("VoteResponse")
                && !Boolean.parseBoolean(event.getFieldsOrDefault("granted", "true"))) {
            String why = voteRefusals.remove(to);
            text = from + "→" + to + " " + (event.getFieldsOrDefault("preVote", "false")
                    .equals("true") ? "pre-vote" : "vote") + " refused"
                    + (why == null ? " t" + event.getTerm() : ": " + why);
        } else if (type.equals("AppendResponse")) {
            if (event.getFieldsOrDefault("success", "true").equals("false")) {
                String why = appendRejections.remove(to);
                text = why == null ? text : from + "→" + to + " rejected: " + why;
            } else {
                String match = event.getFieldsOrDefault("match", "");
                heartbeat = match.equals(lastMatch.put(to, match));
            }
        }
        return Optional.of(new MessageLine(now, from, to, text, heartbeat));
    }

    /** A refusal's reason is what its node's one line says after the colon. */
    private void remember(NodeEvent event) {
        String text = event.getText();
        int colon = text.indexOf(": ");
        if (colon < 0 || !(text.contains("refused") || text.contains("rejected"))) {
            return;
        }
        String why = text.substring(colon + 2);
        if (event.getKind().equals("vote")) {
            voteRefusals.put(Integer.parseInt(event.getFieldsOrDefault("candidate", "0")), why);
        } else {
            appendRejections.put(Integer.parseInt(event.getFieldsOrDefault("leader", "0")), why);
        }
    }
}
