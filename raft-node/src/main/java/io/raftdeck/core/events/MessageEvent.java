package io.raftdeck.core.events;

import io.raftdeck.core.Message;
import io.raftdeck.core.Message.AppendRequest;
import io.raftdeck.core.Message.AppendResponse;
import io.raftdeck.core.Message.VoteRequest;
import io.raftdeck.core.Message.VoteResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message this node handed its transport ({@code sent}) or took from it. The node loop
 * reports them; {@link MessageText} words them, as the transcripts do. {@code linkCut}: sent
 * on a link cut for fault injection, so the transport drops it.
 */
public record MessageEvent(boolean sent, Message message, boolean linkCut) implements RaftEvent {

    @Override
    public String kind() {
        return sent ? "send" : "receive";
    }

    @Override
    public String describe(int node) {
        return MessageText.of(message) + (linkCut ? "  (lost: the link is cut)" : "");
    }

    /** The link, the message's type and term, and for appends whether it is a heartbeat. */
    @Override
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("from", Integer.toString(message.from()));
        fields.put("to", Integer.toString(message.to()));
        fields.put("type", message.getClass().getSimpleName());
        fields.put("term", Long.toString(message.term()));
        fields.put("brief", MessageText.brief(message) + (linkCut ? " (cut)" : ""));
        fields.put("linkCut", Boolean.toString(linkCut));
        fields.put("heartbeat", Boolean.toString(isHeartbeat()));
        if (message instanceof VoteRequest vote) {
            fields.put("preVote", Boolean.toString(vote.preVote()));
        } else if (message instanceof VoteResponse vote) {
            fields.put("preVote", Boolean.toString(vote.preVote()));
            fields.put("granted", Boolean.toString(vote.granted()));
        } else if (message instanceof AppendRequest append) {
            fields.put("entries", Integer.toString(append.entries().size()));
        } else if (message instanceof AppendResponse reply) {
            fields.put("success", Boolean.toString(reply.success()));
            fields.put("match", Long.toString(reply.matchIndex()));
        }
        return fields;
    }

    /**
     * An append without entries: what a leader sends every heartbeat interval, which the
     * message view folds into per-link counts (its answers carry nothing to tell them apart,
     * so the view folds a successful answer that does not move the link's match index).
     */
    public boolean isHeartbeat() {
        return message instanceof AppendRequest append && append.entries().isEmpty();
    }
}
