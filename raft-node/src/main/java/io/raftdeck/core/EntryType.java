package io.raftdeck.core;

/** What a log entry carries. */
public enum EntryType {
    /** A client command, handed to the state machine when committed. */
    COMMAND,
    /**
     * The empty entry a new leader appends at the start of its term. Raft §5.4.2: a leader may
     * only commit entries of its own term by counting replicas, so this entry lets it commit
     * everything before it without waiting for a client.
     */
    NOOP
}
