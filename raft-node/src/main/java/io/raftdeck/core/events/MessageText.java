package io.raftdeck.core.events;

import io.raftdeck.core.Entry;
import io.raftdeck.core.Message;
import io.raftdeck.core.Message.AppendRequest;
import io.raftdeck.core.Message.AppendResponse;
import io.raftdeck.core.Message.InstallSnapshot;
import io.raftdeck.core.Message.TimeoutNow;
import io.raftdeck.core.Message.VoteRequest;
import io.raftdeck.core.Message.VoteResponse;
import java.util.List;

/**
 * The words a transcript uses for a message, one line each, for people learning Raft: the
 * link, the RPC's name from the paper (a reply is its RPC's name with "Reply"), the sender's
 * term, then what the receiver decides on. A log position is written index/term, as the
 * paper's figures draw it:
 * <pre>
 * 1→2 Vote t2 last 1/1
 * 2→1 VoteReply t2 granted
 * 3→1 Append t4 prev 102/4 [103/4, 104/4] commit 101
 * 1→3 AppendReply t4 rejected prev 102, conflict 98/3, last 101
 * </pre>
 * The only place these words are made, so every view of messages says the same: the
 * simulator's transcripts, the event stream and the dashboard's message view, whose narrow
 * lanes use {@link #brief}.
 */
public final class MessageText {

    /** A run of entries of one term at least this long is written first..last. */
    private static final int SHORTEST_ELIDED_RUN = 3;

    private MessageText() {
    }

    public static String of(Message message) {
        return message.from() + "→" + message.to() + " " + body(message);
    }

    /**
     * The short form for a narrow view: entries as a count, a reply as what it says.
     * <pre>
     * 3→1 Append t4 prev 102/4 +2 commit 101
     * 1→3 ok match 104
     * 1→3 no prev 102, conflict 98/3, last 101
     * 2→5 vote granted t5
     * </pre>
     */
    public static String brief(Message message) {
        String link = message.from() + "→" + message.to() + " ";
        if (message instanceof AppendRequest append) {
            return link + "Append t" + append.term() + " prev "
                    + position(append.prevLogIndex(), append.prevLogTerm())
                    + (append.entries().isEmpty() ? "" : " +" + append.entries().size())
                    + " commit " + append.leaderCommit();
        }
        if (message instanceof AppendResponse reply) {
            return link + (reply.success() ? "ok match " + reply.matchIndex()
                    : "no" + rejection(reply).substring(" rejected".length()));
        }
        if (message instanceof VoteResponse reply) {
            return link + (reply.preVote() ? "pre-vote " : "vote ")
                    + (reply.granted() ? "granted" : "refused") + " t" + reply.term();
        }
        return of(message);
    }

    private static String body(Message message) {
        if (message instanceof VoteRequest vote) {
            return (vote.preVote() ? "PreVote" : "Vote") + " t" + vote.term() + " last "
                    + position(vote.lastLogIndex(), vote.lastLogTerm())
                    + (vote.transfer() ? " transfer" : "");
        }
        if (message instanceof VoteResponse reply) {
            return (reply.preVote() ? "PreVoteReply" : "VoteReply") + " t" + reply.term()
                    + (reply.granted() ? " granted" : " rejected");
        }
        if (message instanceof AppendRequest append) {
            String entries = append.entries().isEmpty() ? "" : " " + entries(append.entries());
            return "Append t" + append.term() + " prev "
                    + position(append.prevLogIndex(), append.prevLogTerm()) + entries
                    + " commit " + append.leaderCommit();
        }
        if (message instanceof AppendResponse reply) {
            return "AppendReply t" + reply.term() + (reply.success()
                    ? " match " + reply.matchIndex() : rejection(reply));
        }
        if (message instanceof InstallSnapshot snapshot) {
            return "Snapshot t" + snapshot.term() + " last "
                    + position(snapshot.lastIncludedIndex(), snapshot.lastIncludedTerm());
        }
        if (message instanceof TimeoutNow timeoutNow) {
            return "TimeoutNow t" + timeoutNow.term();
        }
        throw new IllegalArgumentException("no words for " + message);
    }

    /**
     * The follower's hint: the first entry of the term it holds at prev (none when its log is
     * shorter), which lets the leader skip that whole term.
     */
    private static String rejection(AppendResponse reply) {
        String conflict = reply.conflictTerm() == 0 ? ""
                : ", conflict " + position(reply.conflictIndex(), reply.conflictTerm());
        return " rejected prev " + reply.rejectedIndex() + conflict + ", last "
                + reply.lastLogIndex();
    }

    public static String position(long index, long term) {
        return index + "/" + term;
    }

    /** Entries as their positions, a long run of one term shortened to its first and last. */
    public static String entries(List<Entry> entries) {
        StringBuilder text = new StringBuilder("[");
        int start = 0;
        while (start < entries.size()) {
            int end = start;
            while (end + 1 < entries.size()
                    && entries.get(end + 1).term() == entries.get(start).term()) {
                end++;
            }
            if (end - start + 1 >= SHORTEST_ELIDED_RUN) {
                separate(text).append(positionOf(entries.get(start))).append("..")
                        .append(positionOf(entries.get(end)));
            } else {
                for (int i = start; i <= end; i++) {
                    separate(text).append(positionOf(entries.get(i)));
                }
            }
            start = end + 1;
        }
        return text.append(']').toString();
    }

    private static StringBuilder separate(StringBuilder text) {
        return text.length() > 1 ? text.append(", ") : text;
    }

    private static String positionOf(Entry entry) {
        return position(entry.index(), entry.term());
    }
}
