package io.raftdeck.console.model;

/** What a timeline event is about; the timeline colours and labels events by kind. */
public enum EventKind {
    ELECTION("election"),
    TIMER("timer"),
    VOTE("vote"),
    LEADER("leader"),
    NODE("node"),
    NETWORK("network"),
    COMMAND("command"),
    COMMIT("commit"),
    APPEND("append"),
    SNAPSHOT("snapshot"),
    CLIENT("client"),
    DROPPED("dropped"),
    ACTION("action"),
    ERROR("error");

    private final String label;

    EventKind(String label) {
        this.label = label;
    }

    /** A short lower-case word shown beside the event. */
    public String label() {
        return label;
    }
}
