package io.raftdeck.console.model;

/** One entry of a node's log tail: its position, the term it was created in, and its text. */
public record LogEntry(long index, long term, String command) {

    public LogEntry {
        if (index < 1) {
            throw new IllegalArgumentException("log index starts at 1, was " + index);
        }
        command = command == null ? "" : command;
    }
}
