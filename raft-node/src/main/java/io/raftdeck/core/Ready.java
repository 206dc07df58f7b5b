package io.raftdeck.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The work a core hands its caller. The caller must, in this order:
 * <ol>
 *   <li>if {@code snapshot} is not null (one sent by the leader, Raft §7): durably store it in
 *       place of the whole stored log, and restore the state machine from it;</li>
 *   <li>send {@link #messagesBeforePersist()}: a leader's messages, which may overlap its own
 *       disk write (optional: sending them after it is also correct);</li>
 *   <li>durably persist {@code hardState} (if not null) and {@code entries} (which replace any
 *       stored entries from {@code entries.get(0).index()} on) — with one fsync;</li>
 *   <li>only then send {@link #messagesAfterPersist()} (votes and acknowledgements depend on
 *       that write);</li>
 *   <li>apply {@code committedEntries} to the state machine, in order (they follow the
 *       snapshot, if there is one);</li>
 *   <li>answer each read in {@code readStates} once the state machine has applied its
 *       read index;</li>
 *   <li>call {@link RaftCore#advance(Ready)} with this same object.</li>
 * </ol>
 */
public record Ready(
        HardState hardState,
        List<Entry> entries,
        List<Message> messages,
        List<Entry> committedEntries,
        List<ReadState> readStates,
        Snapshot snapshot) {

    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        committedEntries = List.copyOf(committedEntries);
        readStates = List.copyOf(readStates);
    }

    /** A Ready without a snapshot to install. */
    public Ready(HardState hardState, List<Entry> entries, List<Message> messages,
                 List<Entry> committedEntries, List<ReadState> readStates) {
        this(hardState, entries, messages, committedEntries, readStates, null);
    }

    /**
     * Whether {@code message} may leave before this Ready's hard state and entries are durable:
     * a leader's AppendEntries, InstallSnapshot and TimeoutNow (Raft thesis §10.2.1). They
     * carry the term the leader already made durable to win its election, entries of its log
     * and a commit index that counts the leader's own copy of an entry only once it is stable
     * (see {@code maybeCommit}); a follower storing an entry before the leader does is safe.
     * Votes and acknowledgements promise durable state, so they wait for the write.
     */
    public static boolean maySendBeforePersist(Message message) {
        return message instanceof Message.AppendRequest
                || message instanceof Message.InstallSnapshot
                || message instanceof Message.TimeoutNow;
    }

    /** The messages to send before persisting: see {@link #maySendBeforePersist}. */
    public List<Message> messagesBeforePersist() {
        return select(true);
    }

    /** The messages to send once {@code hardState} and {@code entries} are durable. */
    public List<Message> messagesAfterPersist() {
        return select(false);
    }

    private List<Message> select(boolean beforePersist) {
        List<Message> selected = new ArrayList<>(messages.size());
        for (Message message : messages) {
            if (maySendBeforePersist(message) == beforePersist) {
                selected.add(message);
            }
        }
        return selected;
    }

    public boolean isEmpty() {
        return hardState == null && entries.isEmpty() && messages.isEmpty()
                && committedEntries.isEmpty() && readStates.isEmpty() && snapshot == null;
    }
}
