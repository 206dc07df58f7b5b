package io.raftdeck.core;

import java.util.List;

/**
 * The work a core hands its caller. The caller must, in this order:
 * <ol>
 *   <li>durably persist {@code hardState} (if not null) and {@code entries} (which replace any
 *       stored entries from {@code entries.get(0).index()} on) — with one fsync;</li>
 *   <li>only then send {@code messages} (votes and acknowledgements depend on that write);</li>
 *   <li>apply {@code committedEntries} to the state machine, in order;</li>
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
        List<ReadState> readStates) {

    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        committedEntries = List.copyOf(committedEntries);
        readStates = List.copyOf(readStates);
    }

    public boolean isEmpty() {
        return hardState == null && entries.isEmpty() && messages.isEmpty()
                && committedEntries.isEmpty() && readStates.isEmpty();
    }
}
