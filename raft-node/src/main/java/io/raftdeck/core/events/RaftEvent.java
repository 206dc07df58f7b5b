package io.raftdeck.core.events;

import java.util.Map;

/**
 * Something a node did, and why, as plain data: the core reports its decisions (a vote refused
 * and the rule that refused it, an append rejected with its conflict hint, the commit index
 * moved by which acknowledgements), the node layer the messages it sent and received, the
 * snapshots and the client requests. An event is built only when someone listens
 * ({@link EventSink#listening()}), and rendered only when it is shown: {@link #describe} is the
 * one line every view prints (the event stream, the dashboard, the {@code events} command).
 */
public interface RaftEvent {

    /** One word for the kind: role, timer, vote, append, commit, snapshot, send, receive, client. */
    String kind();

    /** One line saying what happened and why, as node {@code node} saw it. */
    String describe(int node);

    /** The event's data by name, in declaration order, for structured views. */
    default Map<String, String> fields() {
        return EventFields.of(this);
    }
}
